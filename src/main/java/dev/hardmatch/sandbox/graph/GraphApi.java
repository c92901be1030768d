package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.tenant.RoleAssignment;
import dev.hardmatch.util.Sha256;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The Graph v1.0 resources of the emulator, without HTTP: one {@link Request} in, one {@link
 * Response} out, refusals as {@link GraphError}. Shared by plain requests and {@code $batch} items.
 */
final class GraphApi {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static final String SYNCED_USER_MESSAGE =
      "Unable to update the specified properties for on-premises mastered Directory Sync objects"
          + " or objects currently undergoing migration.";

  /** A request relative to /v1.0; {@code query} is decoded, {@code headers} case-insensitive. */
  record Request(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, String> query,
      Map<String, String> headers,
      JsonNode body) {}

  /** An answer; {@code body} null means none (204). */
  record Response(int status, Map<String, String> headers, JsonNode body) {
    static Response json(int status, JsonNode body) {
      return new Response(status, Map.of(), body);
    }

    static Response noContent() {
      return new Response(204, Map.of(), null);
    }
  }

  /** Every user property the emulator knows ({@code $select}-able), in Graph's spelling. */
  static final List<String> USER_PROPERTIES =
      List.of(
          "id",
          "userPrincipalName",
          "displayName",
          "givenName",
          "surname",
          "mail",
          "proxyAddresses",
          "accountEnabled",
          "onPremisesImmutableId",
          "onPremisesSyncEnabled",
          "onPremisesSamAccountName",
          "onPremisesLastSyncDateTime",
          "assignedLicenses",
          "jobTitle",
          "businessPhones",
          "mobilePhone",
          "officeLocation",
          "preferredLanguage",
          "usageLocation",
          "createdDateTime",
          "deletedDateTime");

  /** What Graph returns for a user without {@code $select}: never the anchor. */
  static final List<String> DEFAULT_USER_PROPERTIES =
      List.of(
          "businessPhones",
          "displayName",
          "givenName",
          "jobTitle",
          "mail",
          "mobilePhone",
          "officeLocation",
          "preferredLanguage",
          "surname",
          "userPrincipalName",
          "id");

  private static final Set<String> ARRAY_PROPERTIES =
      Set.of("proxyAddresses", "assignedLicenses", "businessPhones");
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
      lowerKeys(List.of("id", "userPrincipalName", "mail", "onPremisesImmutableId"));
  private static final Map<String, String> ROLE_FILTERABLE =
      lowerKeys(List.of("principalId", "roleDefinitionId", "directoryScopeId"));
  private static final Map<String, String> USER_SELECTABLE = lowerKeys(USER_PROPERTIES);
  static final int MAX_IN_VALUES = 15;

  private final TenantState state;
  private final Supplier<String> baseUrl;
  private final boolean refuseSyncedDeletes;
  private final boolean forbidEligibilities;

  GraphApi(
      TenantState state,
      Supplier<String> baseUrl,
      boolean refuseSyncedDeletes,
      boolean forbidEligibilities) {
    this.forbidEligibilities = forbidEligibilities;
    this.state = state;
    this.baseUrl = baseUrl;
    this.refuseSyncedDeletes = refuseSyncedDeletes;
  }

  private static Map<String, String> lowerKeys(List<String> names) {
    Map<String, String> map = new LinkedHashMap<>();
    names.forEach(n -> map.put(n.toLowerCase(Locale.ROOT), n));
    return map;
  }

  // ---------------------------------------------------------------- routing

  static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        segments.add(decodePathSegment(s));
      }
    }
    return segments;
  }

  /** Percent-decoding for a path segment: a '+' stays a '+'. */
  static String decodePathSegment(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length) {
        try {
          out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
          i += 2;
          continue;
        } catch (NumberFormatException e) {
          // not an escape: keep the '%'
        }
      }
      out.write(bytes[i]);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Decodes a query string the way ASP.NET (and so Graph) does: '+' is a space. A client that sends
   * an anchor's '+' unescaped gets it back as a space, as from Graph.
   */
  static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
      if (query.putIfAbsent(name, value) != null) {
        throw GraphError.badRequest(
            "Query option '"
                + name
                + "' was specified more than once, but it must be specified"
                + " at most once.");
      }
    }
    return query;
  }

  private static String decodeQuery(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw GraphError.badRequest("Invalid URL encoding in the query string.");
    }
  }

  /** The route template for statistics, e.g. {@code GET /users/{id}}. */
  static String template(String method, String rawPath) {
    List<String> s = segments(rawPath);
    String path;
    if (s.size() == 2 && s.get(0).equals("users")) {
      path = "/users/{id}";
    } else if (s.size() == 3
        && s.get(0).equals("directory")
        && s.get(1).equals("deletedItems")
        && !isUserCast(s.get(2))) {
      path = "/directory/deletedItems/{id}";
    } else if (s.size() == 4
        && s.get(0).equals("directory")
        && s.get(1).equals("deletedItems")
        && s.get(3).equals("restore")) {
      path = "/directory/deletedItems/{id}/restore";
    } else {
      path = "/" + String.join("/", s);
    }
    return method + " " + path;
  }

  static boolean isWrite(String method, String rawPath) {
    return (method.equals("PATCH") || method.equals("DELETE") || method.equals("POST"))
        && !segments(rawPath).equals(List.of("$batch"));
  }

  private static boolean isUserCast(String segment) {
    return segment.equals("microsoft.graph.user") || segment.equals("graph.user");
  }

  Response handle(Request r) {
    List<String> s = segments(r.rawPath());
    String m = r.method();
    if (s.equals(List.of("organization"))) {
      requireMethod(m, "GET");
      return organization(r);
    }
    if (s.equals(List.of("users"))) {
      requireMethod(m, "GET");
      return listUsers(r, false, "/users");
    }
    if (s.size() == 2 && s.get(0).equals("users")) {
      switch (m) {
        case "GET":
          return getUser(r, s.get(1));
        case "PATCH":
          return patchUser(r, s.get(1));
        case "DELETE":
          return deleteUser(s.get(1));
        default:
          throw methodNotAllowed(m);
      }
    }
    if (s.size() >= 2 && s.get(0).equals("directory") && s.get(1).equals("deletedItems")) {
      if (s.size() == 2) {
        throw GraphError.unsupportedQuery(
            "Unsupported query: listing deletedItems needs a type cast, e.g."
                + " /directory/deletedItems/microsoft.graph.user.");
      }
      if (s.size() == 3 && isUserCast(s.get(2))) {
        requireMethod(m, "GET");
        return listUsers(r, true, "/directory/deletedItems/" + s.get(2));
      }
      if (s.size() == 3) {
        switch (m) {
          case "GET":
            return getDeletedUser(r, s.get(2));
          case "DELETE":
            return purge(s.get(2));
          default:
            throw methodNotAllowed(m);
        }
      }
      if (s.size() == 4 && s.get(3).equals("restore")) {
        requireMethod(m, "POST");
        return restore(s.get(2));
      }
    }
    if (s.size() == 3 && s.get(0).equals("roleManagement") && s.get(1).equals("directory")) {
      if (s.get(2).equals("roleAssignments")) {
        requireMethod(m, "GET");
        return listRoles(r, false, "/roleManagement/directory/roleAssignments");
      }
      if (s.get(2).equals("roleEligibilityScheduleInstances")) {
        requireMethod(m, "GET");
        if (forbidEligibilities) {
          throw GraphError.forbidden(
              "Insufficient privileges to complete the operation. The application needs"
                  + " RoleEligibilitySchedule.Read.Directory.");
        }
        return listRoles(r, true, "/roleManagement/directory/roleEligibilityScheduleInstances");
      }
    }
    throw GraphError.badRequest(
        "Resource not found for the segment '" + (s.isEmpty() ? "" : s.get(s.size() - 1)) + "'.");
  }

  private static void requireMethod(String actual, String expected) {
    if (!actual.equals(expected)) {
      throw methodNotAllowed(actual);
    }
  }

  private static GraphError methodNotAllowed(String method) {
    return new GraphError(
        405, "Request_BadRequest", "The HTTP method '" + method + "' is not allowed here.");
  }

  private static void allowOptions(Request r, Set<String> allowed) {
    for (String name : r.query().keySet()) {
      if (name.startsWith("$") && !allowed.contains(name)) {
        throw GraphError.badRequest(
            "Query option '" + name + "' is not supported on this resource by the sandbox.");
      }
    }
  }

  // ---------------------------------------------------------------- organization

  private Response organization(Request r) {
    allowOptions(r, Set.of("$select"));
    ObjectNode org = NODES.objectNode();
    org.put("id", state.tenantId());
    org.put("displayName", state.displayName());
    ArrayNode domains = org.putArray("verifiedDomains");
    state
        .verifiedDomains()
        .forEach(
            d ->
                domains
                    .addObject()
                    .put("capabilities", "Email, OfficeCommunicationsOnline")
                    .put("isDefault", d.isDefault())
                    .put("isInitial", d.isInitial())
                    .put("name", d.name())
                    .put("type", "Managed"));
    ObjectNode body = NODES.objectNode();
    body.put("@odata.context", baseUrl.get() + "/$metadata#organization");
    body.putArray("value").add(org);
    return Response.json(200, body);
  }

  // ---------------------------------------------------------------- users

  private List<String> select(Request r, boolean deleted) {
    String raw = r.query().get("$select");
    if (raw == null) {
      return DEFAULT_USER_PROPERTIES;
    }
    Set<String> selected = new LinkedHashSet<>();
    for (String part : raw.split(",")) {
      String name = part.trim();
      String property = USER_SELECTABLE.get(name.toLowerCase(Locale.ROOT));
      if (property == null) {
        throw GraphError.badRequest(
            "Parsing OData Select and Expand failed: Could not find a property named '"
                + name
                + "' on type 'microsoft.graph.user'.");
      }
      selected.add(property);
    }
    return List.copyOf(selected);
  }

  private static ObjectNode project(ObjectNode user, List<String> properties, boolean deleted) {
    ObjectNode out = NODES.objectNode();
    if (deleted) {
      out.put("@odata.type", "#microsoft.graph.user");
    }
    for (String p : properties) {
      JsonNode v = user.get(p);
      if (v != null) {
        out.set(p, v.deepCopy());
      } else if (ARRAY_PROPERTIES.contains(p)) {
        out.putArray(p);
      } else {
        out.putNull(p);
      }
    }
    return out;
  }

  private static boolean eventual(Request r) {
    String level = r.headers().get("ConsistencyLevel");
    return level != null && level.trim().equalsIgnoreCase("eventual");
  }

  private static boolean countRequested(Request r) {
    String count = r.query().get("$count");
    if (count == null) {
      return false;
    }
    switch (count.toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw GraphError.badRequest("Invalid value '" + count + "' for $count: use true or false.");
    }
  }

  private static int top(Request r) {
    String raw = r.query().get("$top");
    if (raw == null) {
      return 100;
    }
    int top;
    try {
      top = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw GraphError.badRequest("Invalid value '" + raw + "' for $top: an integer is expected.");
    }
    if (top < 1 || top > 999) {
      throw GraphError.badRequest(
          "Invalid page size specified: '" + top + "'. Must be between 1 and 999 inclusive.");
    }
    return top;
  }

  private ODataFilter filter(Request r, Map<String, String> properties, String resource) {
    String raw = r.query().get("$filter");
    if (raw == null) {
      return null;
    }
    ODataFilter filter = ODataFilter.parse(raw.trim(), properties, resource);
    if (filter.valueCount() > MAX_IN_VALUES) {
      throw GraphError.unsupportedQuery(
          "Too many child clauses specified in search filter expression containing 'OR'"
              + " operators: "
              + filter.valueCount()
              + ". Max allowed: "
              + MAX_IN_VALUES
              + ".");
    }
    return filter;
  }

  /** Properties {@link TenantState#usersWhere} looks up without scanning every user. */
  private static final Set<String> INDEXED_USER_PROPERTIES =
      Set.of("userPrincipalName", "onPremisesImmutableId");

  private Response listUsers(Request r, boolean deleted, String path) {
    allowOptions(r, Set.of("$select", "$filter", "$top", "$count", "$skiptoken"));
    List<String> select = select(r, deleted);
    ODataFilter filter = filter(r, USER_FILTERABLE, "User");
    boolean count = countRequested(r);
    int top = top(r);
    Integer offset = offset(r, path);
    boolean anchorFilter = filter != null && filter.references("onPremisesImmutableId");
    if (deleted && anchorFilter) {
      // Unconfirmed on Graph: the most restrictive reading. List and match locally.
      throw GraphError.unsupportedQuery(
          "Unsupported or invalid query filter clause specified for property"
              + " 'onPremisesImmutableId' of resource 'User'.");
    }
    // The first page carries the advanced-query headers; nextLinks are followed as returned.
    if (offset == null) {
      if (anchorFilter && !(eventual(r) && count)) {
        throw GraphError.unsupportedQuery(
            "Unsupported or invalid query filter clause specified for property"
                + " 'onPremisesImmutableId' of resource 'User'. Filtering on it is an advanced"
                + " query: send the header 'ConsistencyLevel: eventual' and $count=true.");
      }
      if (count && !eventual(r)) {
        throw GraphError.badRequest(
            "$count is not currently supported without the header 'ConsistencyLevel:"
                + " eventual'.");
      }
    }
    List<ObjectNode> all;
    ODataFilter.Clause indexed = filter == null ? null : filter.indexable(INDEXED_USER_PROPERTIES);
    if (!deleted && indexed != null) {
      all = state.usersWhere(indexed.property(), indexed.values()); // the filter still decides
    } else {
      all = deleted ? state.deletedUsers() : state.users();
    }
    List<ObjectNode> matching = new ArrayList<>();
    for (ObjectNode u : all) {
      if (filter == null || filter.matches(u)) {
        matching.add(project(u, select, deleted));
      }
    }
    String context =
        baseUrl.get()
            + "/$metadata#"
            + (deleted ? "directory/deletedItems/microsoft.graph.user" : "users")
            + (r.query().containsKey("$select") ? "(" + String.join(",", select) + ")" : "");
    return page(r, path, matching, top, count, offset == null ? 0 : offset, context);
  }

  private Response getUser(Request r, String key) {
    allowOptions(r, Set.of("$select"));
    List<String> select = select(r, false);
    ObjectNode user = state.user(key).orElseThrow(() -> GraphError.notFound(key));
    ObjectNode body = NODES.objectNode();
    body.put(
        "@odata.context",
        baseUrl.get()
            + "/$metadata#users"
            + (r.query().containsKey("$select") ? "(" + String.join(",", select) + ")" : "")
            + "/$entity");
    body.setAll(project(user, select, false));
    return Response.json(200, body);
  }

  private Response getDeletedUser(Request r, String id) {
    allowOptions(r, Set.of("$select"));
    List<String> select = select(r, true);
    ObjectNode user = state.deletedUser(id).orElseThrow(() -> GraphError.notFound(id));
    ObjectNode body = NODES.objectNode();
    body.put("@odata.context", baseUrl.get() + "/$metadata#directoryObjects/$entity");
    body.setAll(project(user, select, true));
    return Response.json(200, body);
  }

  private Response patchUser(Request r, String key) {
    allowOptions(r, Set.of());
    JsonNode body = r.body();
    if (body == null || !body.isObject() || body.isEmpty()) {
      throw GraphError.badRequest("Empty Payload. JSON content expected.");
    }
    synchronized (state) {
      ObjectNode user = state.user(key).orElseThrow(() -> GraphError.notFound(key));
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
                if (!USER_PROPERTIES.contains(name)) {
                  throw GraphError.badRequest(
                      "Property '"
                          + name
                          + "' does not exist as a declared property or extension property.");
                }
                if (!WRITABLE.contains(name)) {
                  throw GraphError.badRequest(
                      "Property '" + name + "' is read-only and cannot be set.");
                }
                changes.put(name, e.getValue());
              });
      if (synced && !CLOUD_MASTERED_ON_SYNCED.containsAll(changes.keySet())) {
        throw GraphError.badRequest(SYNCED_USER_MESSAGE);
      }
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
        if (!v.isNull() && !v.isValueNode() && !ARRAY_PROPERTIES.contains(e.getKey())) {
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

  private Response deleteUser(String key) {
    synchronized (state) {
      ObjectNode user = state.user(key).orElseThrow(() -> GraphError.notFound(key));
      if (refuseSyncedDeletes && user.path("onPremisesSyncEnabled").asBoolean(false)) {
        throw GraphError.badRequest(SYNCED_USER_MESSAGE);
      }
      state.deleteUser(user.path("id").asText(), Instant.now());
    }
    return Response.noContent();
  }

  private Response purge(String id) {
    if (!state.purgeDeletedUser(id)) {
      throw GraphError.notFound(id);
    }
    return Response.noContent();
  }

  private Response restore(String id) {
    ObjectNode restored;
    synchronized (state) {
      ObjectNode user = state.deletedUser(id).orElseThrow(() -> GraphError.notFound(id));
      state
          .user(user.path("userPrincipalName").asText())
          .ifPresent(
              other -> {
                throw conflict("userPrincipalName", other.path("id").asText());
              });
      restored = state.restoreDeletedUser(id).orElseThrow();
    }
    ObjectNode body = NODES.objectNode();
    body.put("@odata.context", baseUrl.get() + "/$metadata#directoryObjects/$entity");
    body.setAll(project(restored, DEFAULT_USER_PROPERTIES, true));
    return Response.json(200, body);
  }

  // ---------------------------------------------------------------- roles

  private Response listRoles(Request r, boolean eligibilities, String path) {
    allowOptions(r, Set.of("$filter", "$top", "$skiptoken"));
    ODataFilter filter = filter(r, ROLE_FILTERABLE, "UnifiedRoleAssignment");
    int top = top(r);
    Integer offset = offset(r, path);
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
    return page(r, path, items, top, false, offset == null ? 0 : offset, context);
  }

  // Stable, Graph-looking ids: the same assignment always gets the same id.
  private static String roleId(RoleAssignment role) {
    String raw = role.roleDefinitionId() + "|" + role.principalId() + "|" + role.directoryScopeId();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Sha256.digest(raw.getBytes(StandardCharsets.UTF_8)))
        .substring(0, 40);
  }

  // ---------------------------------------------------------------- paging

  /**
   * The offset a {@code $skiptoken} stands for; null on a first page. The token also carries a
   * fingerprint of the query, so a nextLink that was edited (or rebuilt by hand) is refused.
   */
  private static Integer offset(Request r, String path) {
    String token = r.query().get("$skiptoken");
    if (token == null) {
      return null;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
      String[] parts = decoded.split(":");
      if (parts.length == 3 && parts[0].equals("v1") && parts[2].equals(fingerprint(r, path))) {
        return Integer.parseInt(parts[1]);
      }
    } catch (IllegalArgumentException e) {
      // falls through to the refusal
    }
    throw GraphError.badRequest(
        "Invalid $skiptoken: follow @odata.nextLink exactly as it was returned.");
  }

  private static String fingerprint(Request r, String path) {
    StringBuilder sb = new StringBuilder(path);
    for (String option : List.of("$select", "$filter", "$top", "$count")) {
      sb.append('\n').append(option).append('=').append(r.query().get(option));
    }
    return HexFormat.of()
        .formatHex(Sha256.digest(sb.toString().getBytes(StandardCharsets.UTF_8)))
        .substring(0, 16);
  }

  private Response page(
      Request r,
      String path,
      List<ObjectNode> items,
      int top,
      boolean count,
      int offset,
      String context) {
    ObjectNode body = NODES.objectNode();
    body.put("@odata.context", context);
    if (count) {
      body.put("@odata.count", items.size());
    }
    int end = Math.min(items.size(), offset + top);
    if (end < items.size()) {
      String token =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  ("v1:" + end + ":" + fingerprint(r, path)).getBytes(StandardCharsets.US_ASCII));
      StringBuilder next = new StringBuilder(baseUrl.get()).append(path).append('?');
      for (Map.Entry<String, String> e : r.query().entrySet()) {
        if (!e.getKey().equals("$skiptoken")) {
          next.append(e.getKey()).append('=').append(encode(e.getValue())).append('&');
        }
      }
      next.append("$skiptoken=").append(token);
      body.put("@odata.nextLink", next.toString());
    }
    ArrayNode value = body.putArray("value");
    for (int i = Math.min(offset, items.size()); i < end; i++) {
      value.add(items.get(i));
    }
    return Response.json(200, body);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
