package dev.hardmatch.tenant;

import static dev.hardmatch.tenant.GraphMapping.DELETED_USER_SELECT;
import static dev.hardmatch.tenant.GraphMapping.LISTING_SELECT;
import static dev.hardmatch.tenant.GraphMapping.USER_SELECT;
import static dev.hardmatch.tenant.GraphMapping.nonNull;
import static dev.hardmatch.tenant.GraphMapping.parse;
import static dev.hardmatch.tenant.GraphMapping.toCloudUser;
import static dev.hardmatch.tenant.GraphMapping.toListedUser;
import static dev.hardmatch.tenant.GraphMapping.toOrganization;

import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.OrganizationCollectionResponse;
import com.microsoft.graph.models.UnifiedRoleAssignment;
import com.microsoft.graph.models.UnifiedRoleAssignmentCollectionResponse;
import com.microsoft.graph.models.UnifiedRoleEligibilityScheduleInstance;
import com.microsoft.graph.models.UnifiedRoleEligibilityScheduleInstanceCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestInformation;
import dev.hardmatch.tenant.BatchEngine.Step;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads: the organization and its verified domains, the planner's bulk snapshot (users by UPN and
 * by anchor, the recycle bin, role assignments and eligibilities, all as steps of {@code $batch}es
 * through the {@link BatchEngine}), and single users for apply's backups and checks.
 */
final class GraphReads {
  private final GraphClient graph;
  private final BatchEngine batches;
  private volatile Organization organization;

  GraphReads(GraphClient graph, BatchEngine batches) {
    this.graph = graph;
    this.batches = batches;
  }

  Organization organization() {
    Organization known = organization;
    if (known != null) {
      return known;
    }
    OrganizationCollectionResponse answer =
        graph.call("reading the organization", () -> graph.sdk().organization().get());
    organization = toOrganization(answer);
    return organization;
  }

  TenantSnapshot read(Collection<String> upns, Collection<String> immutableIds) {
    GraphServiceClient sdk = graph.sdk();
    List<Step> steps = new ArrayList<>();

    Organization[] org = {organization};
    if (org[0] == null) {
      steps.add(
          new Step(
              "reading the organization",
              sdk.organization().toGetRequestInformation(),
              r -> {
                org[0] =
                    toOrganization(
                        parse(
                            r.body(),
                            OrganizationCollectionResponse::createFromDiscriminatorValue));
                return null;
              }));
    }

    List<RoleAssignment> roles = new ArrayList<>();
    steps.add(rolesStep(sdk, roles));
    List<RoleAssignment> eligible = new ArrayList<>();
    boolean[] eligibilityForbidden = {false};
    steps.add(eligibilityStep(sdk, eligible, eligibilityForbidden));

    List<CloudUser> deleted = new ArrayList<>();
    steps.add(
        usersStep(
            "listing the recycle bin",
            deletedRequest(sdk, DELETED_USER_SELECT),
            u -> deleted.add(toCloudUser(u))));

    // Targets by UPN: case-insensitive in Graph, so de-duplicate ignoring case.
    Map<String, String> wantedUpns = new LinkedHashMap<>();
    for (String upn : upns) {
      if (upn != null && !upn.isBlank()) {
        wantedUpns.putIfAbsent(upn.toLowerCase(Locale.ROOT), upn);
      }
    }
    Map<String, CloudUser> usersByUpn = new HashMap<>();
    for (List<String> chunk : OData.chunks(wantedUpns.values(), OData.MAX_IN_VALUES)) {
      String filter = OData.in("userPrincipalName", chunk);
      steps.add(
          usersStep(
              "looking up users by userPrincipalName",
              sdk.users()
                  .toGetRequestInformation(
                      c -> {
                        c.queryParameters.filter = filter;
                        c.queryParameters.select = USER_SELECT;
                        c.queryParameters.top = 999;
                      }),
              u -> {
                if (u.getUserPrincipalName() != null) {
                  usersByUpn.put(u.getUserPrincipalName().toLowerCase(Locale.ROOT), toCloudUser(u));
                }
              }));
    }

    // Anchor holders: anchors are case-sensitive, Graph's filter may not be; keep exact matches.
    Set<String> wantedAnchors = new LinkedHashSet<>();
    for (String anchor : immutableIds) {
      if (anchor != null && !anchor.isEmpty()) {
        wantedAnchors.add(anchor);
      }
    }
    Map<String, Map<String, CloudUser>> holders = new HashMap<>();
    for (List<String> chunk : OData.chunks(wantedAnchors, OData.MAX_IN_VALUES)) {
      String filter = OData.in("onPremisesImmutableId", chunk);
      steps.add(
          usersStep(
              "looking up users by onPremisesImmutableId",
              holdersRequest(sdk, filter),
              u -> {
                String anchor = u.getOnPremisesImmutableId();
                if (anchor != null && wantedAnchors.contains(anchor)) {
                  holders
                      .computeIfAbsent(anchor, k -> new LinkedHashMap<>())
                      .put(u.getId(), toCloudUser(u));
                }
              }));
    }

    batches.run(steps, null);

    if (org[0] != null) {
      organization = org[0];
    }
    Map<String, List<CloudUser>> holdersByAnchor = new HashMap<>();
    holders.forEach((anchor, byId) -> holdersByAnchor.put(anchor, List.copyOf(byId.values())));
    return new TenantSnapshot(
        org[0],
        Collections.unmodifiableMap(usersByUpn),
        Collections.unmodifiableMap(holdersByAnchor),
        List.copyOf(deleted),
        List.copyOf(roles),
        eligibilityForbidden[0] ? null : List.copyOf(eligible));
  }

  /**
   * Every user, active and in the recycle bin, with what ties it to an AD user, and the role
   * holders: paged listings ($top=999) sent as steps of {@code $batch}es, never one request per
   * user.
   */
  TenantUsers listUsers() {
    GraphServiceClient sdk = graph.sdk();
    List<ListedUser> users = new ArrayList<>();
    List<ListedUser> deleted = new ArrayList<>();
    List<RoleAssignment> roles = new ArrayList<>();
    List<RoleAssignment> eligible = new ArrayList<>();
    boolean[] eligibilityForbidden = {false};
    List<Step> steps =
        List.of(
            usersStep(
                "listing users",
                sdk.users()
                    .toGetRequestInformation(
                        c -> {
                          c.queryParameters.select = LISTING_SELECT;
                          c.queryParameters.top = 999;
                        }),
                u -> users.add(toListedUser(u, false))),
            usersStep(
                "listing the recycle bin",
                deletedRequest(sdk, LISTING_SELECT),
                u -> deleted.add(toListedUser(u, true))),
            rolesStep(sdk, roles),
            eligibilityStep(sdk, eligible, eligibilityForbidden));
    batches.run(steps, null);
    return new TenantUsers(
        List.copyOf(users),
        List.copyOf(deleted),
        List.copyOf(roles),
        eligibilityForbidden[0] ? null : List.copyOf(eligible));
  }

  /** A paged listing of users: each user of each page to {@code each}, next pages followed. */
  private static Step usersStep(String what, RequestInformation request, Consumer<User> each) {
    return new Step(
        what,
        request,
        r -> {
          UserCollectionResponse page =
              parse(r.body(), UserCollectionResponse::createFromDiscriminatorValue);
          nonNull(page.getValue()).forEach(each);
          return page.getOdataNextLink();
        });
  }

  private static RequestInformation deletedRequest(GraphServiceClient sdk, String[] select) {
    return sdk.directory()
        .deletedItems()
        .graphUser()
        .toGetRequestInformation(
            c -> {
              c.queryParameters.select = select;
              c.queryParameters.top = 999;
            });
  }

  private static Step rolesStep(GraphServiceClient sdk, List<RoleAssignment> roles) {
    return new Step(
        "listing directory role assignments",
        sdk.roleManagement().directory().roleAssignments().toGetRequestInformation(),
        r -> {
          UnifiedRoleAssignmentCollectionResponse page =
              parse(
                  r.body(), UnifiedRoleAssignmentCollectionResponse::createFromDiscriminatorValue);
          for (UnifiedRoleAssignment a : nonNull(page.getValue())) {
            roles.add(
                new RoleAssignment(
                    a.getPrincipalId(), a.getRoleDefinitionId(), a.getDirectoryScopeId()));
          }
          return page.getOdataNextLink();
        });
  }

  private static Step eligibilityStep(
      GraphServiceClient sdk, List<RoleAssignment> eligible, boolean[] forbidden) {
    return new Step(
        "listing eligible directory roles",
        sdk.roleManagement()
            .directory()
            .roleEligibilityScheduleInstances()
            .toGetRequestInformation(),
        r -> {
          UnifiedRoleEligibilityScheduleInstanceCollectionResponse page =
              parse(
                  r.body(),
                  UnifiedRoleEligibilityScheduleInstanceCollectionResponse
                      ::createFromDiscriminatorValue);
          for (UnifiedRoleEligibilityScheduleInstance e : nonNull(page.getValue())) {
            eligible.add(
                new RoleAssignment(
                    e.getPrincipalId(), e.getRoleDefinitionId(), e.getDirectoryScopeId()));
          }
          return page.getOdataNextLink();
        },
        // Without RoleEligibilitySchedule.Read.Directory Graph answers 403: the caller warns
        // instead of guessing, so this is not a failure.
        r -> {
          if (r.status() == 403) {
            forbidden[0] = true;
            return true;
          }
          return false;
        });
  }

  Optional<CloudUser> user(String id) {
    try {
      User user = graph.sdk().users().byUserId(id).get(c -> c.queryParameters.select = USER_SELECT);
      return Optional.ofNullable(user).map(GraphMapping::toCloudUser);
    } catch (RuntimeException e) {
      if (GraphClient.status(e) == 404) {
        return Optional.empty();
      }
      throw GraphErrors.fromException("reading user " + id, graph.base(), e);
    }
  }

  Optional<CloudUser> deletedUser(String id) {
    try {
      DirectoryObject object =
          graph
              .sdk()
              .directory()
              .deletedItems()
              .byDirectoryObjectId(id)
              .get(c -> c.queryParameters.select = DELETED_USER_SELECT);
      return object instanceof User ? Optional.of(toCloudUser((User) object)) : Optional.empty();
    } catch (RuntimeException e) {
      if (GraphClient.status(e) == 404) {
        return Optional.empty();
      }
      throw GraphErrors.fromException("reading deleted user " + id, graph.base(), e);
    }
  }

  List<CloudUser> holders(String immutableId) {
    String what = "looking up users by onPremisesImmutableId";
    Map<String, CloudUser> found = new LinkedHashMap<>();
    GraphServiceClient sdk = graph.sdk();
    UserCollectionResponse page =
        graph.call(
            what,
            () ->
                sdk.users()
                    .get(
                        c -> {
                          c.queryParameters.filter = OData.eq("onPremisesImmutableId", immutableId);
                          c.queryParameters.select = USER_SELECT;
                          c.queryParameters.count = true;
                          c.queryParameters.top = 999;
                          c.headers.add("ConsistencyLevel", "eventual");
                        }));
    while (page != null) {
      for (User u : nonNull(page.getValue())) {
        if (immutableId.equals(u.getOnPremisesImmutableId())) {
          found.put(u.getId(), toCloudUser(u));
        }
      }
      String next = page.getOdataNextLink();
      page =
          next == null
              ? null
              : graph.call(
                  what,
                  () ->
                      sdk.users()
                          .withUrl(next)
                          .get(c -> c.headers.add("ConsistencyLevel", "eventual")));
    }
    return List.copyOf(found.values());
  }

  private static RequestInformation holdersRequest(GraphServiceClient sdk, String filter) {
    // Filtering on onPremisesImmutableId is an advanced query: ConsistencyLevel + $count.
    return sdk.users()
        .toGetRequestInformation(
            c -> {
              c.queryParameters.filter = filter;
              c.queryParameters.select = USER_SELECT;
              c.queryParameters.count = true;
              c.queryParameters.top = 999;
              c.headers.add("ConsistencyLevel", "eventual");
            });
  }
}
