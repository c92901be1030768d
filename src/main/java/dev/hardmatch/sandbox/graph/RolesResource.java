package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.sandbox.graph.GraphApi.Request;
import dev.hardmatch.sandbox.graph.GraphApi.Response;
import dev.hardmatch.tenant.RoleAssignment;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /roleManagement/directory}: active role assignments
 * (https://learn.microsoft.com/graph/api/rbacapplication-list-roleassignments) and eligible ones
 * (https://learn.microsoft.com/graph/api/rbacapplication-list-roleeligibilityscheduleinstances),
 * the latter needing {@code RoleEligibilitySchedule.Read.Directory} (the permissions table on that
 * page; refused with 403 when the emulator is told the app lacks it), or 400 {@code
 * AadPremiumLicenseRequired} in a tenant without Entra ID P2 ({@code "entraIdP2": false}). A
 * principalId may be a role-assignable group ({@link GroupsResource}).
 */
final class RolesResource {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Map<String, String> ROLE_FILTERABLE =
      UserJson.lowerKeys(List.of("principalId", "roleDefinitionId", "directoryScopeId"));

  static final String NO_P2_MESSAGE =
      "The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.";

  private final TenantState state;
  private final Supplier<String> baseUrl;
  private final Paging paging;
  private final boolean forbidEligibilities;

  RolesResource(
      TenantState state, Supplier<String> baseUrl, Paging paging, boolean forbidEligibilities) {
    this.state = state;
    this.baseUrl = baseUrl;
    this.paging = paging;
    this.forbidEligibilities = forbidEligibilities;
  }

  /** {@code GET /roleManagement/directory/roleEligibilityScheduleInstances}. */
  Response listEligibilities(Request r) {
    if (forbidEligibilities) {
      throw GraphError.forbidden(
          "Insufficient privileges to complete the operation. The application needs"
              + " RoleEligibilitySchedule.Read.Directory.");
    }
    if (!state.entraIdP2()) {
      // A tenant without Entra ID P2 / Governance: maester365/maester#1421, mondoohq/mql#8955.
      throw new GraphError(400, "AadPremiumLicenseRequired", NO_P2_MESSAGE);
    }
    return list(r, true, "/roleManagement/directory/roleEligibilityScheduleInstances");
  }

  Response list(Request r, boolean eligibilities, String path) {
    QueryOptions.allowOptions(r, Set.of("$filter", "$top", "$skiptoken"));
    ODataFilter filter = QueryOptions.filter(r, ROLE_FILTERABLE, "UnifiedRoleAssignment");
    int top = QueryOptions.top(r);
    Integer offset = Paging.offset(r, path);
    List<RoleAssignment> roles =
        eligibilities ? state.roleEligibilities() : state.roleAssignments();
    List<ObjectNode> items = new ArrayList<>();
    for (RoleAssignment role : roles) {
      ObjectNode item = NODES.objectNode();
      item.put("id", roleId(role));
      item.put("principalId", role.principalId());
      item.put("roleDefinitionId", role.roleDefinitionId());
      item.put("directoryScopeId", role.directoryScopeId());
      if (eligibilities) {
        item.put("appScopeId", (String) null);
        item.put("memberType", "Direct");
        item.put("roleEligibilityScheduleId", roleId(role));
        item.putNull("startDateTime");
        item.putNull("endDateTime");
      }
      if (filter == null || filter.matches(item)) {
        items.add(item);
      }
    }
    String context =
        baseUrl.get()
            + "/$metadata#roleManagement/directory/"
            + (eligibilities ? "roleEligibilityScheduleInstances" : "roleAssignments");
    return paging.page(r, path, items, top, false, offset == null ? 0 : offset, context);
  }

  // Stable, Graph-looking ids: the same assignment always gets the same id.
  private static String roleId(RoleAssignment role) {
    String raw = role.roleDefinitionId() + "|" + role.principalId() + "|" + role.directoryScopeId();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Paging.sha256(raw))
        .substring(0, 40);
  }
}
