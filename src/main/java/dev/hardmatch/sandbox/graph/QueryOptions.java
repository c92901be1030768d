package dev.hardmatch.sandbox.graph;

import dev.hardmatch.sandbox.graph.GraphApi.Request;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The OData query options the emulator accepts ({@code $select} aside, see {@link UserJson}): which
 * options a resource allows, {@code $count} with {@code ConsistencyLevel: eventual}, {@code $top}
 * and {@code $filter}. Sources: https://learn.microsoft.com/graph/query-parameters, advanced
 * queries https://learn.microsoft.com/graph/aad-advanced-queries, and the 15-value limit of {@code
 * in}/{@code or} clauses in https://learn.microsoft.com/graph/filter-query-parameter.
 */
final class QueryOptions {
  static final int MAX_IN_VALUES = 15;

  private QueryOptions() {}

  static void allowOptions(Request r, Set<String> allowed) {
    for (String name : r.query().keySet()) {
      if (name.startsWith("$") && !allowed.contains(name)) {
        throw GraphError.badRequest(
            "Query option '" + name + "' is not supported on this resource by the sandbox.");
      }
    }
  }

  static boolean eventual(Request r) {
    String level = r.headers().get("ConsistencyLevel");
    return level != null && level.trim().equalsIgnoreCase("eventual");
  }

  static boolean countRequested(Request r) {
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

  static int top(Request r) {
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

  static ODataFilter filter(Request r, Map<String, String> properties, String resource) {
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
}
