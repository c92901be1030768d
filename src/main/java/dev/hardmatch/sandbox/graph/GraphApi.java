package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hardmatch.sandbox.graph.GraphApi.Request;
import dev.hardmatch.sandbox.graph.GraphApi.Response;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Graph v1.0 resources of the emulator, without HTTP: one {@link Request} in, one {@link
 * Response} out, refusals as {@link GraphError}. Shared by plain requests and {@code $batch} items.
 * This class routes a request to its resource ({@link UsersResource}, {@link DeletedItemsResource},
 * {@link RolesResource}, {@link OrganizationResource}); a path Graph does not know is 400 {@code
 * Resource not found for the segment} and a wrong method 405, as Graph answers
 * (https://learn.microsoft.com/graph/errors).
 */
final class GraphApi {
  /**
   * A request relative to its version ({@code v1.0} or {@code beta}); {@code query} is decoded,
   * {@code headers} case-insensitive.
   */
  record Request(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, String> query,
      Map<String, String> headers,
      JsonNode body,
      String version) {
    Request(
        String method,
        String rawPath,
        String rawQuery,
        Map<String, String> query,
        Map<String, String> headers,
        JsonNode body) {
      this(method, rawPath, rawQuery, query, headers, body, V1);
    }

    boolean beta() {
      return BETA.equals(version);
    }
  }

  static final String V1 = "v1.0";
  static final String BETA = "beta";

  /** An answer; {@code body} null means none (204). */
  record Response(int status, Map<String, String> headers, JsonNode body) {
    static Response json(int status, JsonNode body) {
      return new Response(status, Map.of(), body);
    }

    static Response noContent() {
      return new Response(204, Map.of(), null);
    }
  }

  private final OrganizationResource organization;
  private final UsersResource users;
  private final DeletedItemsResource deletedItems;
  private final RolesResource roles;
  private final GroupsResource groups;
  private final OnPremisesSyncResource onPremisesSync;
  private final UsersResource betaUsers;

  GraphApi(TenantState state, Supplier<String> baseUrl, EmulatorOptions options) {
    Paging paging = new Paging(baseUrl);
    this.organization = new OrganizationResource(state, baseUrl);
    this.users = new UsersResource(state, baseUrl, paging, options);
    this.deletedItems = new DeletedItemsResource(state, baseUrl, users);
    this.roles = new RolesResource(state, baseUrl, paging, options.forbidEligibilities());
    this.groups = new GroupsResource(state, baseUrl, paging);
    this.onPremisesSync = new OnPremisesSyncResource(state, baseUrl);
    Supplier<String> betaUrl = () -> baseUrl.get().replace("/" + V1, "/" + BETA);
    this.betaUsers = new UsersResource(state, betaUrl, new Paging(betaUrl), options);
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

  /**
   * The route template for statistics and {@link Permissions}, e.g. {@code GET /users/{id}}; beta
   * routes start with {@code /beta}.
   */
  static String template(String method, String rawPath, String version) {
    String v1 = template(method, rawPath);
    return BETA.equals(version) ? method + " /beta" + v1.substring(method.length() + 1) : v1;
  }

  /** The v1.0 route template, e.g. {@code GET /users/{id}}. */
  static String template(String method, String rawPath) {
    List<String> s = segments(rawPath);
    String path;
    if (s.size() == 2 && s.get(0).equals("users")) {
      path = "/users/{id}";
    } else if (s.size() == 3 && s.get(0).equals("users")) {
      path = "/users/{id}/" + s.get(2);
    } else if (s.size() == 4 && s.get(0).equals("users") && isGroupCast(s.get(3))) {
      path = "/users/{id}/" + s.get(2) + "/graph.group";
    } else if (s.size() == 4
        && s.get(0).equals("directory")
        && s.get(1).equals("deletedItems")
        && isUserCast(s.get(3))) {
      path = "/directory/deletedItems/{id}/graph.user";
    } else if (s.size() == 3 && s.get(0).equals("groups") && s.get(2).equals("members")) {
      path = "/groups/{id}/members";
    } else if (s.size() == 3
        && s.get(0).equals("directory")
        && s.get(1).equals("onPremisesSynchronization")) {
      path = "/directory/onPremisesSynchronization/{id}";
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

  private static boolean isGroupCast(String segment) {
    return segment.equals("microsoft.graph.group") || segment.equals("graph.group");
  }

  private static boolean isUserCast(String segment) {
    return segment.equals("microsoft.graph.user") || segment.equals("graph.user");
  }

  Response handle(Request r) {
    List<String> s = segments(r.rawPath());
    String m = r.method();
    if (r.beta()) {
      return handleBeta(r, s, m);
    }
    if (s.equals(List.of("organization"))) {
      requireMethod(m, "GET");
      return organization.get(r);
    }
    if (s.equals(List.of("users"))) {
      requireMethod(m, "GET");
      return users.list(r, false, "/users");
    }
    if (s.size() == 2 && s.get(0).equals("users")) {
      switch (m) {
        case "GET":
          return users.get(r, s.get(1));
        case "PATCH":
          return users.patch(r, s.get(1));
        case "DELETE":
          return users.delete(s.get(1));
        default:
          throw methodNotAllowed(m);
      }
    }
    if (s.size() == 3 && s.get(0).equals("users") && s.get(2).equals("manager")) {
      requireMethod(m, "GET");
      return users.manager(r, s.get(1));
    }
    if (s.size() == 4
        && s.get(0).equals("users")
        && s.get(2).equals("memberOf")
        && isGroupCast(s.get(3))) {
      requireMethod(m, "GET");
      return users.memberOf(r, s.get(1));
    }
    if (s.size() == 4
        && s.get(0).equals("directory")
        && s.get(1).equals("deletedItems")
        && isUserCast(s.get(3))) {
      requireMethod(m, "GET");
      return deletedItems.get(r, s.get(2));
    }
    if (s.size() >= 2
        && s.get(0).equals("directory")
        && s.get(1).equals("onPremisesSynchronization")) {
      if (s.size() == 2) {
        requireMethod(m, "GET");
        return onPremisesSync.get(r);
      }
      if (s.size() == 3) {
        requireMethod(m, "PATCH");
        return onPremisesSync.patch(r, s.get(2));
      }
    }
    if (s.equals(List.of("groups"))) {
      requireMethod(m, "GET");
      return groups.list(r);
    }
    if (s.size() == 3 && s.get(0).equals("groups") && s.get(2).equals("members")) {
      requireMethod(m, "GET");
      return groups.members(r, s.get(1));
    }
    if (s.size() >= 2 && s.get(0).equals("directory") && s.get(1).equals("deletedItems")) {
      if (s.size() == 2) {
        throw GraphError.unsupportedQuery(
            "Unsupported query: listing deletedItems needs a type cast, e.g."
                + " /directory/deletedItems/microsoft.graph.user.");
      }
      if (s.size() == 3 && isUserCast(s.get(2))) {
        requireMethod(m, "GET");
        return deletedItems.list(r, "/directory/deletedItems/" + s.get(2));
      }
      if (s.size() == 3) {
        switch (m) {
          case "GET":
            return deletedItems.get(r, s.get(2));
          case "DELETE":
            return deletedItems.purge(s.get(2));
          default:
            throw methodNotAllowed(m);
        }
      }
      if (s.size() == 4 && s.get(3).equals("restore")) {
        requireMethod(m, "POST");
        return deletedItems.restore(s.get(2));
      }
    }
    if (s.size() == 3 && s.get(0).equals("roleManagement") && s.get(1).equals("directory")) {
      if (s.get(2).equals("roleAssignments")) {
        requireMethod(m, "GET");
        return roles.list(r, false, "/roleManagement/directory/roleAssignments");
      }
      if (s.get(2).equals("roleEligibilityScheduleInstances")) {
        requireMethod(m, "GET");
        return roles.listEligibilities(r);
      }
    }
    throw GraphError.badRequest(
        "Resource not found for the segment '" + (s.isEmpty() ? "" : s.get(s.size() - 1)) + "'.");
  }

  /** Beta: only the users hardmatch reads there ({@code onPremisesObjectIdentifier}). */
  private Response handleBeta(Request r, List<String> s, String m) {
    if (s.equals(List.of("users"))) {
      requireMethod(m, "GET");
      return betaUsers.list(r, false, "/users");
    }
    if (s.size() == 2 && s.get(0).equals("users")) {
      switch (m) {
        case "GET":
          return betaUsers.get(r, s.get(1));
        case "PATCH":
          return betaUsers.patch(r, s.get(1));
        default:
          throw methodNotAllowed(m);
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
}
