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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads: the organization and its verified domains, the planner's bulk snapshot (users by UPN and
 * by anchor, the recycle bin, role assignments and eligibilities, all as steps of {@code $batch}es
 * through the {@link BatchEngine}), and single users for apply's backups and checks.
 */
final class GraphReads {
  private final GraphClient graph;
  private final BatchEngine batches;
  private final Supplier<GraphClient> beta;
  private final Supplier<BatchEngine> betaBatches;
  private volatile Organization organization;

  GraphReads(
      GraphClient graph,
      BatchEngine batches,
      Supplier<GraphClient> beta,
      Supplier<BatchEngine> betaBatches) {
    this.graph = graph;
    this.batches = batches;
    this.beta = beta;
    this.betaBatches = betaBatches;
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

  /**
   * The bulk snapshot; with {@code sidsBySam} (plan) also the 2026 hard-match reads of {@link
   * HardeningReads}, without (null: apply's gates and steps) none of them.
   */
  TenantSnapshot read(
      Collection<String> upns, Collection<String> immutableIds, Map<String, String> sidsBySam) {
    GraphServiceClient sdk = graph.sdk();
    List<Step> steps = new ArrayList<>();
    // Only plan (sidsBySam given) needs the 2026 reads; apply's gates and steps read as before.
    HardeningReads hardening =
        sidsBySam == null ? null : new HardeningReads(sdk, batches, beta, betaBatches);
    if (hardening != null) {
      steps.addAll(hardening.firstRound(sidsBySam));
    }

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
    boolean[] eligibilityUnlicensed = {false};
    steps.add(eligibilityStep(sdk, eligible, eligibilityForbidden, eligibilityUnlicensed));

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
    steps.addAll(
        usersByValue(
            sdk, "onPremisesImmutableId", wantedAnchors, User::getOnPremisesImmutableId, holders));

    batches.run(steps, null);

    if (org[0] != null) {
      organization = org[0];
    }
    Set<String> rolePrincipals = new HashSet<>();
    roles.forEach(r -> rolePrincipals.add(r.principalId()));
    eligible.forEach(r -> rolePrincipals.add(r.principalId()));
    List<RoleGroup> groups =
        hardening == null ? List.of() : hardening.secondRound(rolePrincipals, usersByUpn);

    Map<String, List<CloudUser>> holdersByAnchor = new HashMap<>();
    holders.forEach((anchor, byId) -> holdersByAnchor.put(anchor, List.copyOf(byId.values())));
    return new TenantSnapshot(
        org[0],
        Collections.unmodifiableMap(usersByUpn),
        Collections.unmodifiableMap(holdersByAnchor),
        List.copyOf(deleted),
        List.copyOf(roles),
        eligibilityForbidden[0] ? null : List.copyOf(eligible),
        eligibilityUnlicensed[0],
        groups,
        hardening == null ? Map.of() : Collections.unmodifiableMap(hardening.usersBySid()),
        hardening == null ? HardMatchTakeover.UNKNOWN : hardening.takeover());
  }

  private static boolean premiumLicenseRequired(byte[] body) {
    com.microsoft.graph.models.odataerrors.MainError error = GraphErrors.parseError(body);
    return error != null && "AadPremiumLicenseRequired".equals(error.getCode());
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
            eligibilityStep(sdk, eligible, eligibilityForbidden, new boolean[1]));
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

  /**
   * Eligible role holders; {@code forbidden[0]} when the credential may not read them, {@code
   * unlicensed[0]} when the tenant has no Entra ID P2 (no eligibility can exist there).
   */
  private static Step eligibilityStep(
      GraphServiceClient sdk,
      List<RoleAssignment> eligible,
      boolean[] forbidden,
      boolean[] unlicensed) {
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
        // instead of guessing, so this is not a failure. A tenant without Entra ID P2 answers 400
        // AadPremiumLicenseRequired: no eligibility can exist there.
        r -> {
          if (r.status() == 403) {
            forbidden[0] = true;
            return true;
          }
          if (r.status() == 400 && premiumLicenseRequired(r.body())) {
            unlicensed[0] = true;
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

  /**
   * Steps finding the users whose {@code property} is one of {@code wanted} ({@code in} filters of
   * 15), kept only on an exact match (Graph's filter may ignore case), into value → id → user.
   */
  static List<Step> usersByValue(
      GraphServiceClient sdk,
      String property,
      Set<String> wanted,
      Function<User, String> value,
      Map<String, Map<String, CloudUser>> into) {
    return usersBy(sdk, property, wanted, u -> value.apply(u), wanted, into);
  }

  /**
   * Steps finding the users whose {@code property} is one of {@code values} ({@code in} filters of
   * 15) and keeping, by {@code key}, those whose key is one of {@code wanted}: value → id → user.
   */
  static List<Step> usersBy(
      GraphServiceClient sdk,
      String property,
      Collection<String> values,
      Function<User, String> key,
      Set<String> wanted,
      Map<String, Map<String, CloudUser>> into) {
    List<Step> steps = new ArrayList<>();
    for (List<String> chunk : OData.chunks(values, OData.MAX_IN_VALUES)) {
      steps.add(
          usersStep(
              "looking up users by " + property,
              holdersRequest(sdk, OData.in(property, chunk)),
              u -> {
                String v = key.apply(u);
                if (v != null && wanted.contains(v)) {
                  into.computeIfAbsent(v, k -> new LinkedHashMap<>())
                      .put(u.getId(), toCloudUser(u));
                }
              }));
    }
    return steps;
  }

  private static RequestInformation holdersRequest(GraphServiceClient sdk, String filter) {
    // Filtering on onPremisesImmutableId is an advanced query: ConsistencyLevel + $count. Lookups
    // by onPremisesSecurityIdentifier are sent the same way (the strict reading).
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
