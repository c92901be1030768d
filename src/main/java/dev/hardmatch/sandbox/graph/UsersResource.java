package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.sandbox.graph.GraphApi.Request;
import dev.hardmatch.sandbox.graph.GraphApi.Response;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code /users}: list (https://learn.microsoft.com/graph/api/user-list), get by id or UPN
 * (https://learn.microsoft.com/graph/api/user-get), update
 * (https://learn.microsoft.com/graph/api/user-update) and delete to the recycle bin
 * (https://learn.microsoft.com/graph/api/user-delete). The recycle bin's listing shares {@link
 * #list}.
 */
final class UsersResource {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * Graph's answer to a change of on-premises attributes of a previously synced user ({@code
   * onPremisesSyncEnabled} not true, on-premises traces left): entra-docs {@code
   * tshoot-clear-on-premises-attributes.md}
   * (https://learn.microsoft.com/entra/identity/hybrid/connect/tshoot-clear-on-premises-attributes)
   * and microsoftgraph/microsoft-graph-docs-contrib#3564.
   */
  static final String PREVIOUSLY_SYNCED_MESSAGE =
      "Unable to update the specified properties for objects that have originated within an"
          + " external service.";

  /** The traces sync leaves on a user it mastered; any of them marks it previously synced. */
  static final List<String> ON_PREMISES_TRACES =
      List.of(
          "onPremisesSecurityIdentifier",
          "onPremisesDistinguishedName",
          "onPremisesLastSyncDateTime");

  // On-premises attributes a previously synced user refuses to change.
  private static final Set<String> ON_PREMISES_ATTRIBUTES = Set.of("onPremisesImmutableId");

  static final String SYNCED_USER_MESSAGE =
      "Unable to update the specified properties for on-premises mastered Directory Sync objects"
          + " or objects currently undergoing migration.";

  private static final Set<String> WRITABLE =
      Set.of(
          "displayName",
          "givenName",
          "surname",
          "mail",
          "onPremisesImmutableId",
          "accountEnabled",
          "userPrincipalName",
          "jobTitle",
          "businessPhones",
          "mobilePhone",
          "officeLocation",
          "preferredLanguage",
          "usageLocation");
  // The few properties a cloud admin may still change on a synced user.
  private static final Set<String> CLOUD_MASTERED_ON_SYNCED = Set.of("usageLocation");
  private static final Map<String, String> USER_FILTERABLE =
      UserJson.lowerKeys(
          List.of(
              "id",
              "userPrincipalName",
              "mail",
              "onPremisesImmutableId",
              "onPremisesSecurityIdentifier",
              "onPremisesSamAccountName"));

  /**
   * onPremisesSamAccountName: "Supports $filter (eq, ne, not, ge, le, in, startsWith)" on the user
   * resource page, an advanced query (the page's note; Microsoft Q&A 577939 shows it refused
   * without ConsistencyLevel: eventual and $count).
   */
  private static final String SAM = "onPremisesSamAccountName";

  /**
   * The user resource page (https://learn.microsoft.com/graph/api/resources/user, properties)
   * allows onPremisesSecurityIdentifier in {@code $filter} with "{@code eq} including on null
   * values" only: the strictest reading refuses {@code in} and {@code or} on it.
   */
  private static final String SID = "onPremisesSecurityIdentifier";

  private final TenantState state;
  private final Supplier<String> baseUrl;
  private final Paging paging;
  private final boolean refuseSyncedDeletes;
  private final EmulatorOptions options;

  UsersResource(
      TenantState state, Supplier<String> baseUrl, Paging paging, EmulatorOptions options) {
    this.state = state;
    this.baseUrl = baseUrl;
    this.paging = paging;
    this.refuseSyncedDeletes = options.refuseSyncedDeletes();
    this.options = options;
  }

  /**
   * Previously synced: sync no longer masters the user ({@code onPremisesSyncEnabled} false or
   * absent) but it carries on-premises traces. The strictest reading: any one trace counts.
   */
  static boolean previouslySynced(JsonNode user) {
    if (user.path("onPremisesSyncEnabled").asBoolean(false)) {
      return false;
    }
    for (String trace : ON_PREMISES_TRACES) {
      JsonNode v = user.get(trace);
      if (v != null && !v.isNull() && !v.asText().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Properties {@link TenantState#usersWhere} looks up without scanning every user. */
  // Every filterable property: a filter is only eq/in, so the index gives a superset of its
  // matches (UserIndex keeps three up to date and builds the others on first use), never a scan
  // of every user per request. Plan's onPremisesSamAccountName lookups are 6,700 requests at
  // 100,000 links (docs/performance.md, "Scale").
  private static final Set<String> INDEXED_USER_PROPERTIES = Set.copyOf(USER_FILTERABLE.values());

  Response list(Request r, boolean deleted, String path) {
    QueryOptions.allowOptions(r, Set.of("$select", "$filter", "$top", "$count", "$skiptoken"));
    List<String> select = UserJson.select(r, deleted);
    ODataFilter filter = QueryOptions.filter(r, USER_FILTERABLE, "User");
    boolean count = QueryOptions.countRequested(r);
    int top = QueryOptions.top(r);
    Integer offset = Paging.offset(r, path);
    boolean anchorFilter = filter != null && filter.references("onPremisesImmutableId");
    if (filter != null && filter.references(SID) && filter.valueCount() != 1) {
      throw GraphError.unsupportedQuery(
          "Unsupported or invalid query filter clause specified for property '"
              + SID
              + "' of resource 'User'.");
    }
    if (deleted && anchorFilter) {
      // Unconfirmed on Graph: the most restrictive reading. List and match locally.
      throw GraphError.unsupportedQuery(
          "Unsupported or invalid query filter clause specified for property"
              + " 'onPremisesImmutableId' of resource 'User'.");
    }
    // The first page carries the advanced-query headers; nextLinks are followed as returned.
    if (offset == null) {
      if (filter != null && filter.references(SAM) && !(QueryOptions.eventual(r) && count)) {
        throw GraphError.unsupportedQuery(
            "Unsupported or invalid query filter clause specified for property '"
                + SAM
                + "' of resource 'User'.");
      }
      if (anchorFilter && !(QueryOptions.eventual(r) && count)) {
        throw GraphError.unsupportedQuery(
            "Unsupported or invalid query filter clause specified for property"
                + " 'onPremisesImmutableId' of resource 'User'. Filtering on it is an advanced"
                + " query: send the header 'ConsistencyLevel: eventual' and $count=true.");
      }
      if (count && !QueryOptions.eventual(r)) {
        throw GraphError.badRequest(
            "$count is not currently supported without the header 'ConsistencyLevel:"
                + " eventual'.");
      }
    }
    String context =
        baseUrl.get()
            + "/$metadata#"
            + (deleted ? "directory/deletedItems/microsoft.graph.user" : "users")
            + (r.query().containsKey("$select") ? "(" + String.join(",", select) + ")" : "");
    int from = offset == null ? 0 : offset;
    if (filter == null) {
      // An unfiltered listing: this page's users alone are read, so following every nextLink
      // over 500,000 users is linear, not a pass over all of them per page.
      TenantState.Slice slice = state.usersSlice(deleted, from, from + top);
      List<ObjectNode> page = new ArrayList<>(slice.users().size());
      slice.users().forEach(u -> page.add(UserJson.project(u, select, deleted)));
      return paging.page(r, path, new Placed(page, from, slice.total()), top, count, from, context);
    }
    List<ObjectNode> all;
    ODataFilter.Clause indexed = filter.indexable(INDEXED_USER_PROPERTIES);
    if (!deleted && indexed != null) {
      all = state.usersWhere(indexed.property(), indexed.values()); // the filter still decides
    } else {
      all = deleted ? state.deletedUsers() : state.users();
    }
    List<ObjectNode> matching = new ArrayList<>();
    for (ObjectNode u : all) {
      if (filter.matches(u)) {
        matching.add(UserJson.project(u, select, deleted));
      }
    }
    return paging.page(r, path, matching, top, count, from, context);
  }

  /** A listing of {@code size} users of which only those from {@code from} on are at hand. */
  private static final class Placed extends AbstractList<ObjectNode> {
    private final List<ObjectNode> page;
    private final int from;
    private final int size;

    Placed(List<ObjectNode> page, int from, int size) {
      this.page = page;
      this.from = from;
      this.size = size;
    }

    @Override
    public ObjectNode get(int index) {
      return page.get(index - from);
    }

    @Override
    public int size() {
      return size;
    }
  }

  Response get(Request r, String key) {
    QueryOptions.allowOptions(r, Set.of("$select"));
    List<String> select = UserJson.select(r, false);
    ObjectNode user = state.user(key).orElseThrow(() -> GraphError.notFound(key));
    ObjectNode body = NODES.objectNode();
    body.put(
        "@odata.context",
        baseUrl.get()
            + "/$metadata#users"
            + (r.query().containsKey("$select") ? "(" + String.join(",", select) + ")" : "")
            + "/$entity");
    body.setAll(UserJson.project(user, select, false));
    return Response.json(200, body);
  }

  /**
   * {@code GET /users/{id}/manager} (https://learn.microsoft.com/graph/api/user-list-manager): the
   * user the {@code manager} id in tenant.json names, as a directoryObject; 404 when there is none,
   * with the message Graph gives.
   */
  Response manager(Request r, String key) {
    QueryOptions.allowOptions(r, Set.of("$select"));
    List<String> select = UserJson.select(r, false);
    ObjectNode user = state.user(key).orElseThrow(() -> GraphError.notFound(key));
    String managerId = user.path("manager").asText(null);
    ObjectNode manager = managerId == null ? null : state.user(managerId).orElse(null);
    if (manager == null) {
      throw GraphError.notFound("manager");
    }
    ObjectNode body = NODES.objectNode();
    body.put("@odata.context", baseUrl.get() + "/$metadata#directoryObjects/$entity");
    body.put("@odata.type", "#microsoft.graph.user");
    body.setAll(UserJson.project(manager, select, false));
    return Response.json(200, body);
  }

  /**
   * {@code GET /users/{id}/memberOf/microsoft.graph.group}
   * (https://learn.microsoft.com/graph/api/user-list-memberof, "get only the groups": the type
   * cast): the groups the user is a direct member of; {@code $select} of {@code id} and {@code
   * displayName}.
   */
  Response memberOf(Request r, String key) {
    QueryOptions.allowOptions(r, Set.of("$select"));
    ObjectNode user = state.user(key).orElseThrow(() -> GraphError.notFound(key));
    String id = user.path("id").asText();
    ObjectNode body = NODES.objectNode();
    body.put("@odata.context", baseUrl.get() + "/$metadata#groups");
    com.fasterxml.jackson.databind.node.ArrayNode value = body.putArray("value");
    for (TenantGroup g : state.groups()) {
      if (g.members().stream().anyMatch(m -> m.equalsIgnoreCase(id))) {
        ObjectNode n = value.addObject();
        n.put("id", g.id());
        n.put("displayName", g.displayName());
      }
    }
    return Response.json(200, body);
  }

  Response patch(Request r, String key) {
    QueryOptions.allowOptions(r, Set.of());
    JsonNode body = r.body();
    if (body == null || !body.isObject() || body.isEmpty()) {
      throw GraphError.badRequest("Empty Payload. JSON content expected.");
    }
    synchronized (state) {
      ObjectNode user = state.user(key).orElseThrow(() -> GraphError.notFound(key));
      if (options.refusesPatchOf(user.path("userPrincipalName").asText(null))) {
        // sandbox serve --refuse-patch: a refusal no read can predict.
        throw GraphError.forbidden(Permissions.DENIED);
      }
      String id = user.path("id").asText();
      boolean synced = user.path("onPremisesSyncEnabled").asBoolean(false);
      Map<String, JsonNode> changes = new TreeMap<>();
      body.properties()
          .forEach(
              e -> {
                String name = e.getKey();
                if (name.startsWith("@odata.")) {
                  return;
                }
                if (!UserJson.properties(r).contains(name)) {
                  throw GraphError.badRequest(
                      "Property '"
                          + name
                          + "' does not exist as a declared property or extension property.");
                }
                // Beta: onPremisesObjectIdentifier can only be cleared ("cannot be changed
                // unless its current value is null", Entra's hard-match protections).
                boolean clearsObjectIdentifier =
                    r.beta() && name.equals("onPremisesObjectIdentifier") && e.getValue().isNull();
                if (!WRITABLE.contains(name) && !clearsObjectIdentifier) {
                  throw GraphError.badRequest(
                      "Property '" + name + "' is read-only and cannot be set.");
                }
                changes.put(name, e.getValue());
              });
      if (synced && !CLOUD_MASTERED_ON_SYNCED.containsAll(changes.keySet())) {
        throw GraphError.badRequest(SYNCED_USER_MESSAGE);
      }
      if (previouslySynced(user)
          && changes.keySet().stream().anyMatch(ON_PREMISES_ATTRIBUTES::contains)) {
        throw GraphError.badRequest(PREVIOUSLY_SYNCED_MESSAGE);
      }
      // Clearing the anchor: only an explicit JSON null clears it on a cloud-only user; "" is
      // refused (microsoftgraph/msgraph-sdk-powershell#2514: Update-MgUser sends "" and cannot
      // clear it, a raw PATCH with null can). Synced and previously synced users refuse it above.
      // #2819 reports a 400 for the null on some users without saying which; the strictest
      // reading we can apply from what is known is the synced/previously-synced refusal.
      JsonNode anchor = changes.get("onPremisesImmutableId");
      if (anchor != null && !anchor.isNull()) {
        if (!anchor.isTextual()
            || anchor.asText().isEmpty()
            || anchor.asText().contains("$")
            || anchor.asText().contains("_")) {
          throw GraphError.badRequest(
              "Invalid value specified for property 'onPremisesImmutableId' of resource 'User'.");
        }
        state
            .anchorHolder(anchor.asText(), id)
            .ifPresent(
                holder -> {
                  throw conflict("onPremisesImmutableId", holder.path("id").asText());
                });
      }
      JsonNode upn = changes.get("userPrincipalName");
      if (upn != null) {
        String value = upn.isTextual() ? upn.asText() : "";
        int at = value.indexOf('@');
        if (at <= 0
            || at != value.lastIndexOf('@')
            || !state.verifiesDomain(value.substring(at + 1))) {
          throw GraphError.badRequest(
              "The domain portion of the userPrincipalName property is invalid. You must use one"
                  + " of the verified domain names in your organization.");
        }
        state
            .user(value)
            .filter(other -> !other.path("id").asText().equalsIgnoreCase(id))
            .ifPresent(
                other -> {
                  throw conflict("userPrincipalName", other.path("id").asText());
                });
      }
      for (Map.Entry<String, JsonNode> e : changes.entrySet()) {
        JsonNode v = e.getValue();
        if (!v.isNull() && !v.isValueNode() && !UserJson.ARRAY_PROPERTIES.contains(e.getKey())) {
          throw GraphError.badRequest(
              "Invalid value specified for property '" + e.getKey() + "' of resource 'User'.");
        }
        user.set(e.getKey(), v.deepCopy());
      }
      state.putUser(user);
    }
    return Response.noContent();
  }

  static GraphError conflict(String property, String holderId) {
    return new GraphError(
        400,
        "Request_BadRequest",
        "Another object with the same value for property " + property + " already exists.",
        List.of(
            new GraphError.Detail(
                "ObjectConflict",
                property,
                "Another object with the same value for property " + property + " already exists."),
            new GraphError.Detail(
                "ConflictingObjects", "User_" + holderId, "Conflicting object: User_" + holderId)),
        Map.of());
  }

  Response delete(String key) {
    synchronized (state) {
      ObjectNode user = state.user(key).orElseThrow(() -> GraphError.notFound(key));
      if (refuseSyncedDeletes && user.path("onPremisesSyncEnabled").asBoolean(false)) {
        throw GraphError.badRequest(SYNCED_USER_MESSAGE);
      }
      state.deleteUser(user.path("id").asText(), Instant.now());
    }
    return Response.noContent();
  }
}
