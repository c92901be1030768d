package dev.hardmatch.sandbox.graph;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Runs Graph operations (a plain request or one {@code $batch} item) against {@link GraphApi}: each
 * is counted for {@link Stats} and throttled on its own, as Graph throttles batch items
 * individually (https://learn.microsoft.com/graph/throttling#throttling-and-batching): 429 {@code
 * TooManyRequests} with {@code Retry-After} in seconds. Then the token's permissions are checked
 * against the endpoint's ({@link Permissions}): 403 {@code Authorization_RequestDenied}.
 */
final class Operations {
  private final GraphApi api;
  private final EmulatorOptions options;
  private final TokenBucket requestBucket;
  private final TokenBucket writeBucket;

  private final AtomicLong httpRequests = new AtomicLong();
  private final AtomicLong operations = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong faults = new AtomicLong();
  private final Map<String, LongAdder> byRoute = new ConcurrentHashMap<>();

  Operations(GraphApi api, ThrottleSpec throttle, EmulatorOptions options) {
    this.api = api;
    this.options = options;
    LongSupplier clock = options.throttleClock();
    this.requestBucket =
        throttle.requests() == null ? null : new TokenBucket(throttle.requests(), clock);
    this.writeBucket = throttle.writes() == null ? null : new TokenBucket(throttle.writes(), clock);
  }

  /** Counts an HTTP request on /v1.0; returns its sequence number (from 0). */
  long httpRequest() {
    return httpRequests.getAndIncrement();
  }

  void fault() {
    faults.incrementAndGet();
  }

  /** Counts a {@code $batch} envelope (its items are counted as they run). */
  void batch(String version) {
    operations.incrementAndGet();
    String route = GraphApi.BETA.equals(version) ? "POST /beta/$batch" : "POST /$batch";
    byRoute.computeIfAbsent(route, k -> new LongAdder()).increment();
  }

  /** One Graph operation: a plain request or a batch item. Counted and throttled on its own. */
  GraphApi.Response run(GraphApi.Request request, String requestId, String clientRequestId) {
    operations.incrementAndGet();
    String route = GraphApi.template(request.method(), request.rawPath(), request.version());
    byRoute.computeIfAbsent(route, k -> new LongAdder()).increment();
    boolean write = GraphApi.isWrite(request.method(), request.rawPath());
    if (write) {
      writes.incrementAndGet();
    }
    long retryAfter = requestBucket == null ? 0 : requestBucket.take();
    if (retryAfter == 0 && write && writeBucket != null) {
      retryAfter = writeBucket.take();
    }
    if (retryAfter > 0) {
      throttled.incrementAndGet();
      return ErrorJson.of(
          new GraphError(
              429,
              "TooManyRequests",
              "Too many requests. Retry after " + retryAfter + " seconds.",
              List.of(),
              Map.of("Retry-After", Long.toString(retryAfter))),
          requestId,
          clientRequestId);
    }
    GraphApi.Response response;
    GraphError denied = Permissions.check(route, options.permissions(), options.delegated());
    if (denied != null) {
      response = ErrorJson.of(denied, requestId, clientRequestId);
    } else {
      try {
        response = api.handle(request);
      } catch (GraphError e) {
        response = ErrorJson.of(e, requestId, clientRequestId);
      }
    }
    if (options.responseListener() != null) {
      options
          .responseListener()
          .accept(
              new ServedResponse(
                  request.method(),
                  request.version(),
                  route,
                  request.rawPath(),
                  request.rawQuery(),
                  response.status(),
                  response.body() == null ? null : response.body().deepCopy()));
    }
    return response;
  }

  Stats stats() {
    Map<String, Long> routes = new TreeMap<>();
    byRoute.forEach((k, v) -> routes.put(k, v.sum()));
    return new Stats(
        httpRequests.get(), operations.get(), throttled.get(), writes.get(), faults.get(), routes);
  }

  void reset() {
    httpRequests.set(0);
    operations.set(0);
    throttled.set(0);
    writes.set(0);
    faults.set(0);
    byRoute.clear();
  }
}
