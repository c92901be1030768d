package dev.hardmatch.sandbox.graph;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The most recent requests received on /v1.0 (and their batch items), decoded and with the bearer
 * token masked, for tests and {@code sandbox} diagnostics. Thread-safe.
 */
final class RequestLog {
  private final int capacity;
  private final Deque<ReceivedRequest> log = new ArrayDeque<>();

  RequestLog(int capacity) {
    this.capacity = capacity;
  }

  void record(
      String method, String path, String rawQuery, Map<String, String> headers, boolean item) {
    Map<String, String> shown = new TreeMap<>(headers);
    if (shown.containsKey("authorization")) {
      shown.put("authorization", "Bearer ***");
    }
    String url = GraphApi.decodePathSegment(path);
    if (rawQuery != null && !rawQuery.isEmpty()) {
      String query;
      try {
        query = URLDecoder.decode(rawQuery, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        query = rawQuery;
      }
      url = url + "?" + query;
    }
    ReceivedRequest entry = new ReceivedRequest(method, url, shown, item);
    synchronized (log) {
      if (log.size() == capacity) {
        log.removeFirst();
      }
      log.addLast(entry);
    }
  }

  List<ReceivedRequest> entries() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  void clear() {
    synchronized (log) {
      log.clear();
    }
  }
}
