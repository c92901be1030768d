package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.sandbox.graph.GraphApi.Request;
import dev.hardmatch.sandbox.graph.GraphApi.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /groups}: the role-assignable groups hardmatch resolves role holders through. {@code GET
 * /groups} (https://learn.microsoft.com/graph/api/group-list) with {@code $filter} on {@code id},
 * {@code displayName} or {@code isAssignableToRole} (eq), {@code $select}, {@code $top} and {@code
 * $expand=members} with a nested {@code $select}, as the group resource documents ("Supports
 * $expand including nested $select", e.g. {@code
 * /groups?$filter=…&$select=id,displayName&$expand=members($select=id,userPrincipalName)},
 * https://learn.microsoft.com/graph/api/resources/group#relationships); and {@code GET
 * /groups/{id}/members} (https://learn.microsoft.com/graph/api/group-list-members), paged.
 *
 * <p>An expanded relationship of directory objects is capped by Graph without a nextLink (the known
 * issue cites 100 objects, older pages 20): the emulator models the stricter 20. A client must read
 * a group with more members through {@code /groups/{id}/members}.
 */
final class GroupsResource {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** At most this many members in {@code $expand=members} (see the class comment). */
  static final int EXPAND_LIMIT = 20;

  private static final List<String> GROUP_PROPERTIES =
      List.of("id", "displayName", "isAssignableToRole");
  private static final Map<String, String> GROUP_SELECTABLE = UserJson.lowerKeys(GROUP_PROPERTIES);
  private static final Map<String, String> GROUP_FILTERABLE = GROUP_SELECTABLE;
  private static final Pattern EXPAND =
      Pattern.compile("(?i)members(?:\\(\\$select=([A-Za-z0-9,]+)\\))?");

  private final TenantState state;
  private final Supplier<String> baseUrl;
  private final Paging paging;

  GroupsResource(TenantState state, Supplier<String> baseUrl, Paging paging) {
    this.state = state;
    this.baseUrl = baseUrl;
    this.paging = paging;
  }

  Response list(Request r) {
    QueryOptions.allowOptions(r, Set.of("$select", "$filter", "$expand", "$top", "$skiptoken"));
    List<String> select = select(r.query().get("$select"), GROUP_SELECTABLE, "group");
    ODataFilter filter = QueryOptions.filter(r, GROUP_FILTERABLE, "Group");
    List<String> memberSelect = null;
    String expand = r.query().get("$expand");
    if (expand != null) {
      Matcher m = EXPAND.matcher(expand.trim());
      if (!m.matches()) {
        throw GraphError.badRequest(
            "Parsing OData Select and Expand failed: the sandbox expands only 'members', with an"
                + " optional nested $select.");
      }
      memberSelect =
          m.group(1) == null ? List.of("id") : select(m.group(1), UserJson.USER_SELECTABLE, "user");
    }
    int top = QueryOptions.top(r);
    Integer offset = Paging.offset(r, "/groups");
    List<ObjectNode> items = new ArrayList<>();
    for (TenantGroup g : state.groups()) {
      ObjectNode all = NODES.objectNode();
      all.put("id", g.id());
      all.put("displayName", g.displayName());
      all.put("isAssignableToRole", g.isAssignableToRole());
      if (filter != null && !filter.matches(all)) {
        continue;
      }
      ObjectNode item = NODES.objectNode();
      for (String p : select == null ? GROUP_PROPERTIES : select) {
        item.set(p, all.get(p));
      }
      if (memberSelect != null) {
        ArrayNode members = item.putArray("members");
        for (String id : g.members().subList(0, Math.min(EXPAND_LIMIT, g.members().size()))) {
          member(id, memberSelect).ifPresent(members::add);
        }
      }
      items.add(item);
    }
    String context =
        baseUrl.get()
            + "/$metadata#groups"
            + (select == null ? "" : "(" + String.join(",", select) + ")");
    return paging.page(r, "/groups", items, top, false, offset == null ? 0 : offset, context);
  }

  Response members(Request r, String groupId) {
    QueryOptions.allowOptions(r, Set.of("$select", "$top", "$skiptoken"));
    TenantGroup group =
        state.groups().stream()
            .filter(g -> g.id().equalsIgnoreCase(groupId))
            .findFirst()
            .orElseThrow(() -> GraphError.notFound(groupId));
    List<String> select = select(r.query().get("$select"), UserJson.USER_SELECTABLE, "user");
    String path = "/groups/" + group.id() + "/members";
    int top = QueryOptions.top(r);
    Integer offset = Paging.offset(r, path);
    List<ObjectNode> items = new ArrayList<>();
    for (String id : group.members()) {
      member(id, select == null ? UserJson.DEFAULT_USER_PROPERTIES : select).ifPresent(items::add);
    }
    String context = baseUrl.get() + "/$metadata#directoryObjects";
    return paging.page(r, path, items, top, false, offset == null ? 0 : offset, context);
  }

  /**
   * A member user as a directoryObject collection shows it: typed, with the selected properties.
   */
  private Optional<ObjectNode> member(String userId, List<String> select) {
    return state
        .user(userId)
        .map(
            u -> {
              ObjectNode out = NODES.objectNode();
              out.put("@odata.type", "#microsoft.graph.user");
              out.setAll(UserJson.project(u, select, false));
              return out;
            });
  }

  /** A {@code $select} list, null when absent. */
  private static List<String> select(String raw, Map<String, String> known, String type) {
    return raw == null ? null : UserJson.parseSelect(raw, known, type);
  }
}
