package dev.hardmatch.tenant;

import com.microsoft.graph.models.UnifiedRoleAssignment;
import com.microsoft.graph.models.UnifiedRoleAssignmentCollectionResponse;
import com.microsoft.graph.models.UnifiedRoleEligibilityScheduleInstance;
import com.microsoft.graph.models.UnifiedRoleEligibilityScheduleInstanceCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's naive strategy (test scope only, see ci/bench): the same Graph adapter, but every
 * lookup and every write is its own HTTP request. It reads the same snapshot as {@link
 * GraphTenant#read}; writes go one by one through {@link ForwardingTenant}'s default {@code
 * writeBatch}. It exists only so the benchmark can show what bulk saves.
 */
public final class OneByOneTenant extends ForwardingTenant {
  private final GraphTenant graph;

  public OneByOneTenant(GraphTenant graph) {
    super(graph);
    this.graph = graph;
  }

  /**
   * Plan's read: the same naive one, without the 2026 hard-match reads (the benchmark compares the
   * lookups both strategies make).
   */
  @Override
  public TenantSnapshot read(
      Collection<String> upns, Collection<String> immutableIds, Map<String, String> sidsBySam) {
    return read(upns, immutableIds);
  }

  /**
   * No bulk backup reads: the naive baseline journals each object as it reads it for its step (one
   * GET each), so every request it makes stays a single one and no {@code $batch} is sent.
   */
  @Override
  public Map<String, com.fasterxml.jackson.databind.JsonNode> backups(
      Collection<String> ids, boolean deleted) {
    return Map.of();
  }

  /** One request per UPN, per anchor and per page, one at a time. */
  @Override
  public TenantSnapshot read(Collection<String> upns, Collection<String> immutableIds) {
    GraphClient client = graph.client();
    GraphServiceClient sdk = client.sdk();
    Organization org = graph.organization();
    Map<String, CloudUser> usersByUpn = new HashMap<>();
    for (String upn : upns) {
      UserCollectionResponse page =
          client.call(
              "looking up user " + upn,
              () ->
                  sdk.users()
                      .get(
                          c -> {
                            c.queryParameters.filter = OData.eq("userPrincipalName", upn);
                            c.queryParameters.select = GraphMapping.USER_SELECT;
                          }));
      for (User u : GraphMapping.nonNull(page.getValue())) {
        usersByUpn.put(
            u.getUserPrincipalName().toLowerCase(Locale.ROOT), GraphMapping.toCloudUser(u));
      }
    }
    Map<String, List<CloudUser>> holdersByAnchor = new HashMap<>();
    for (String anchor : new LinkedHashSet<>(immutableIds)) {
      List<CloudUser> holders = graph.holders(anchor);
      if (!holders.isEmpty()) {
        holdersByAnchor.put(anchor, holders);
      }
    }
    List<CloudUser> deleted = new ArrayList<>();
    UserCollectionResponse bin =
        client.call(
            "listing the recycle bin",
            () ->
                sdk.directory()
                    .deletedItems()
                    .graphUser()
                    .get(
                        c -> {
                          c.queryParameters.select = GraphMapping.DELETED_USER_SELECT;
                          c.queryParameters.top = 999;
                        }));
    while (bin != null) {
      GraphMapping.nonNull(bin.getValue()).forEach(u -> deleted.add(GraphMapping.toCloudUser(u)));
      String next = bin.getOdataNextLink();
      bin =
          next == null
              ? null
              : client.call(
                  "listing the recycle bin",
                  () -> sdk.directory().deletedItems().graphUser().withUrl(next).get());
    }
    List<RoleAssignment> roles = new ArrayList<>();
    UnifiedRoleAssignmentCollectionResponse assignments =
        client.call(
            "listing directory role assignments",
            () -> sdk.roleManagement().directory().roleAssignments().get());
    while (assignments != null) {
      for (UnifiedRoleAssignment a : GraphMapping.nonNull(assignments.getValue())) {
        roles.add(
            new RoleAssignment(
                a.getPrincipalId(), a.getRoleDefinitionId(), a.getDirectoryScopeId()));
      }
      String next = assignments.getOdataNextLink();
      assignments =
          next == null
              ? null
              : client.call(
                  "listing directory role assignments",
                  () -> sdk.roleManagement().directory().roleAssignments().withUrl(next).get());
    }
    List<RoleAssignment> eligible = new ArrayList<>();
    try {
      UnifiedRoleEligibilityScheduleInstanceCollectionResponse page =
          sdk.roleManagement().directory().roleEligibilityScheduleInstances().get();
      while (page != null) {
        for (UnifiedRoleEligibilityScheduleInstance e : GraphMapping.nonNull(page.getValue())) {
          eligible.add(
              new RoleAssignment(
                  e.getPrincipalId(), e.getRoleDefinitionId(), e.getDirectoryScopeId()));
        }
        String next = page.getOdataNextLink();
        page =
            next == null
                ? null
                : sdk.roleManagement()
                    .directory()
                    .roleEligibilityScheduleInstances()
                    .withUrl(next)
                    .get();
      }
    } catch (RuntimeException e) {
      if (GraphClient.status(e) != 403) {
        throw GraphErrors.fromException("listing eligible directory roles", client.base(), e);
      }
      eligible = null;
    }
    return new TenantSnapshot(
        org,
        Collections.unmodifiableMap(usersByUpn),
        Collections.unmodifiableMap(holdersByAnchor),
        List.copyOf(deleted),
        List.copyOf(roles),
        eligible == null ? null : List.copyOf(eligible));
  }
}
