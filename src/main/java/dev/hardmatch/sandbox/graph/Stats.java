package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the emulator has served (also {@code GET /_sandbox/stats}).
 *
 * @param httpRequests HTTP requests received on /v1.0 (a {@code $batch} counts once; faulted and
 *     refused ones included)
 * @param operations Graph operations: HTTP requests (a {@code $batch} envelope included) plus batch
 *     items
 * @param throttled operations answered 429
 * @param writes write operations received (PATCH, DELETE, POST other than {@code $batch})
 * @param faults injected 503/504 answers and dropped connections
 * @param byRoute operations by method and path template, e.g. {@code GET /users}, {@code PATCH
 *     /users/{id}}
 */
public record Stats(
    long httpRequests,
    long operations,
    long throttled,
    long writes,
    long faults,
    Map<String, Long> byRoute) {

  public Stats {
    byRoute = Map.copyOf(byRoute);
  }

  /** Operations for one route, 0 when none. */
  public long count(String route) {
    return byRoute.getOrDefault(route, 0L);
  }

  public ObjectNode toJson() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("httpRequests", httpRequests);
    root.put("operations", operations);
    root.put("throttled", throttled);
    root.put("writes", writes);
    root.put("faults", faults);
    ObjectNode routes = root.putObject("byRoute");
    new TreeMap<>(byRoute).forEach(routes::put);
    return root;
  }
}
