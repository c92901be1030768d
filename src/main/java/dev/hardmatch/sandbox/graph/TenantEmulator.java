package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.HardmatchException.Code;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tenant emulator: an HTTP server on 127.0.0.1 that answers the Microsoft Graph v1.0 subset
 * hardmatch uses, as strictly as Graph (see {@code notes/graph-facts.md}), over a {@link
 * TenantState}.
 *
 * <p>Under {@code /v1.0}: {@code GET /organization}; {@code GET /users} and {@code GET
 * /users/{id|upn}} ({@code $select}, {@code $filter} eq/in/or, {@code $top}, {@code $count},
 * {@code @odata.nextLink}); {@code PATCH} and {@code DELETE /users/{id}}; {@code GET
 * /directory/deletedItems/microsoft.graph.user} (or {@code graph.user}); {@code GET|DELETE
 * /directory/deletedItems/{id}}; {@code POST /directory/deletedItems/{id}/restore}; {@code GET
 * /roleManagement/directory/roleAssignments} and {@code roleEligibilityScheduleInstances}; {@code
 * POST /$batch} (at most 20 items, each answered, throttled and counted on its own).
 *
 * <p>Beside it, with the same bearer token: {@code GET /_sandbox/state} (tenant.json), {@code GET
 * /_sandbox/stats} ({@link Stats}) and {@code POST /_sandbox/sync} (one Entra Connect delta sync,
 * {@link SyncSimulator}).
 *
 * <pre>{@code
 * try (TenantEmulator emulator = TenantEmulator.start(TenantState.load(file), EmulatorOptions.defaults())) {
 *   URI graph = emulator.graphUrl();   // http://127.0.0.1:PORT/v1.0
 *   String token = emulator.token();   // send as "Authorization: Bearer <token>"
 * }
 * }</pre>
 */
public final class TenantEmulator implements AutoCloseable {
  /** How many received requests {@link #receivedRequests()} keeps (the oldest are dropped). */
  public static final int REQUEST_LOG_CAPACITY = 10_000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String JSON_TYPE =
      "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;"
          + "charset=utf-8";
  private static final int MAX_BATCH = 20;

  private enum Fault {
    NONE,
    UNAVAILABLE,
    GATEWAY_TIMEOUT,
    DROP
  }

  private final TenantState state;
  private final EmulatorOptions options;
  private final HttpServer server;
  private final ExecutorService pool;
  private final GraphApi api;
  private final TokenBucket requestBucket;
  private final TokenBucket writeBucket;
  private final SyncSimulator sync;

  private final AtomicLong httpRequests = new AtomicLong();
  private final AtomicLong operations = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong faults = new AtomicLong();
  private final Map<String, LongAdder> byRoute = new ConcurrentHashMap<>();
  private final Deque<ReceivedRequest> log = new ArrayDeque<>();

  private TenantEmulator(TenantState state, EmulatorOptions options) throws IOException {
    this.state = state;
    this.options = options;
    this.requestBucket =
        options.throttle().requests() == null
            ? null
            : new TokenBucket(options.throttle().requests());
    this.writeBucket =
        options.throttle().writes() == null ? null : new TokenBucket(options.throttle().writes());
    this.sync =
        options.syncSource() == null
            ? null
            : new SyncSimulator(options.syncSource(), options.syncBaseDn());
    this.server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), options.port()), 64);
    AtomicInteger threads = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            32,
            r -> {
              Thread t = new Thread(r, "tenant-emulator-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.api =
        new GraphApi(
            state,
            () -> graphUrl().toString(),
            options.refuseSyncedDeletes(),
            options.forbidEligibilities());
    server.setExecutor(pool);
    server.createContext("/", this::dispatch);
    server.start();
  }

  /** Starts the emulator on 127.0.0.1 (port from the options; 0 = any free port). */
  public static TenantEmulator start(TenantState state, EmulatorOptions options) {
    try {
      return new TenantEmulator(state, options);
    } catch (IOException e) {
      throw new HardmatchException(
          Code.IO,
          "cannot start the tenant emulator on 127.0.0.1:" + options.port() + ": " + e.getMessage(),
          "choose another port, or 0 for any free one",
          e);
    }
  }

  /** {@code http://127.0.0.1:PORT/v1.0}: the base URL for a Graph client. */
  public URI graphUrl() {
    return URI.create(baseUrl() + "/v1.0");
  }

  /** {@code http://127.0.0.1:PORT}; the admin endpoints live under {@code /_sandbox/}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The bearer token every request must carry. */
  public String token() {
    return options.token();
  }

  public TenantState state() {
    return state;
  }

  public EmulatorOptions options() {
    return options;
  }

  public Stats stats() {
    Map<String, Long> routes = new TreeMap<>();
    byRoute.forEach((k, v) -> routes.put(k, v.sum()));
    return new Stats(
        httpRequests.get(), operations.get(), throttled.get(), writes.get(), faults.get(), routes);
  }

  /** The most recent requests received on /v1.0 (and their batch items), oldest first. */
  public List<ReceivedRequest> receivedRequests() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** Sets every counter of {@link #stats()} back to zero (e.g. after seeding a scenario). */
  public void resetStats() {
    httpRequests.set(0);
    operations.set(0);
    throttled.set(0);
    writes.set(0);
    faults.set(0);
    byRoute.clear();
  }

  /** Forgets the requests {@link #receivedRequests()} holds. */
  public void clearReceivedRequests() {
    synchronized (log) {
      log.clear();
    }
  }

  /**
   * Runs one Entra Connect delta sync against the configured sync source.
   *
   * @throws HardmatchException (USAGE) when the emulator was started without a sync source
   */
  public SyncResult sync() {
    if (sync == null) {
      throw new HardmatchException(
          Code.USAGE,
          "the tenant emulator has no directory to sync from",
          "start it with EmulatorOptions.builder().syncSource(directory, baseDn)");
    }
    return sync.run(state);
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- HTTP

  private void dispatch(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getRawPath();
      if (path.equals("/v1.0") || path.startsWith("/v1.0/")) {
        graph(exchange, path.substring("/v1.0".length()));
      } else if (path.startsWith("/_sandbox/")) {
        admin(exchange, path.substring("/_sandbox/".length()));
      } else {
        String requestId = UUID.randomUUID().toString();
        send(
            exchange,
            error(
                new GraphError(404, "UnknownError", "No Graph version segment in '" + path + "'."),
                requestId,
                requestId),
            requestId,
            requestId);
      }
    } catch (RuntimeException e) {
      String requestId = UUID.randomUUID().toString();
      send(
          exchange,
          error(
              new GraphError(500, "generalException", "The emulator failed: " + e),
              requestId,
              requestId),
          requestId,
          requestId);
    } finally {
      exchange.close();
    }
  }

  private void graph(HttpExchange exchange, String rawPath) throws IOException {
    long n = httpRequests.getAndIncrement();
    String requestId = UUID.randomUUID().toString();
    String clientRequestId = headerOr(exchange, "client-request-id", requestId);
    Map<String, String> headers = headers(exchange);
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    String rawQuery = exchange.getRequestURI().getRawQuery();
    record(method, "/v1.0" + rawPath, rawQuery, headers, false);

    if (options.latencyMs() > 0) {
      try {
        Thread.sleep(options.latencyMs());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    switch (fault(n)) {
      case DROP:
        faults.incrementAndGet();
        // Closing without a response makes the JDK server drop the connection.
        return;
      case UNAVAILABLE:
        faults.incrementAndGet();
        send(
            exchange,
            error(
                new GraphError(
                    503,
                    "serviceNotAvailable",
                    "The service is temporarily unavailable. Try again later.",
                    List.of(),
                    Map.of("Retry-After", "1")),
                requestId,
                clientRequestId),
            requestId,
            clientRequestId);
        return;
      case GATEWAY_TIMEOUT:
        faults.incrementAndGet();
        send(
            exchange,
            error(
                new GraphError(504, "gatewayTimeout", "The gateway timed out."),
                requestId,
                clientRequestId),
            requestId,
            clientRequestId);
        return;
      default:
        break;
    }
    GraphError denied = authenticate(headers.get("authorization"));
    if (denied != null) {
      send(exchange, error(denied, requestId, clientRequestId), requestId, clientRequestId);
      return;
    }
    GraphApi.Response response;
    try {
      Map<String, String> query = GraphApi.parseQuery(rawQuery);
      JsonNode body = readBody(exchange.getRequestBody());
      GraphApi.Request request =
          new GraphApi.Request(method, rawPath, rawQuery, query, caseInsensitive(headers), body);
      if (GraphApi.segments(rawPath).equals(List.of("$batch"))) {
        response = batch(request, requestId, clientRequestId);
      } else {
        response = operation(request, requestId, clientRequestId);
      }
    } catch (GraphError e) {
      response = error(e, requestId, clientRequestId);
    }
    send(exchange, response, requestId, clientRequestId);
  }

  private GraphError authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return new GraphError(401, "InvalidAuthenticationToken", "Access token is empty.");
    }
    String value = authorization.trim();
    boolean bearer = value.regionMatches(true, 0, "Bearer ", 0, 7);
    if (!bearer
        || !MessageDigest.isEqual(
            value.substring(7).trim().getBytes(StandardCharsets.UTF_8),
            options.token().getBytes(StandardCharsets.UTF_8))) {
      return new GraphError(
          401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
    }
    return null;
  }

  private Fault fault(long n) {
    if (options.faultRate() <= 0) {
      return Fault.NONE;
    }
    // The n-th request's fate depends only on (seed, n): reruns with the same seed agree.
    SplittableRandom random = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + n);
    if (random.nextDouble() >= options.faultRate()) {
      return Fault.NONE;
    }
    switch (random.nextInt(3)) {
      case 0:
        return Fault.UNAVAILABLE;
      case 1:
        return Fault.GATEWAY_TIMEOUT;
      default:
        return Fault.DROP;
    }
  }

  /** One Graph operation: a plain request or a batch item. Counted and throttled on its own. */
  private GraphApi.Response operation(
      GraphApi.Request request, String requestId, String clientRequestId) {
    operations.incrementAndGet();
    byRoute
        .computeIfAbsent(
            GraphApi.template(request.method(), request.rawPath()), k -> new LongAdder())
        .increment();
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
      return error(
          new GraphError(
              429,
              "TooManyRequests",
              "Too many requests. Retry after " + retryAfter + " seconds.",
              List.of(),
              Map.of("Retry-After", Long.toString(retryAfter))),
          requestId,
          clientRequestId);
    }
    try {
      return api.handle(request);
    } catch (GraphError e) {
      return error(e, requestId, clientRequestId);
    }
  }

  private GraphApi.Response batch(
      GraphApi.Request request, String requestId, String clientRequestId) {
    if (!request.method().equals("POST")) {
      throw new GraphError(
          405, "Request_BadRequest", "The HTTP method '" + request.method() + "' is not allowed.");
    }
    operations.incrementAndGet();
    byRoute.computeIfAbsent("POST /$batch", k -> new LongAdder()).increment();
    JsonNode body = request.body();
    JsonNode items = body == null ? null : body.get("requests");
    if (items == null || !items.isArray() || items.isEmpty()) {
      throw GraphError.badRequest("Invalid batch payload format.");
    }
    if (items.size() > MAX_BATCH) {
      throw GraphError.badRequest(
          "The number of requests in the batch ("
              + items.size()
              + ") exceeds the limit of "
              + MAX_BATCH
              + ".");
    }
    Set<String> ids = new HashSet<>();
    for (JsonNode item : items) {
      String id = item.path("id").asText("");
      if (id.isEmpty() || !item.path("method").isTextual() || !item.path("url").isTextual()) {
        throw GraphError.badRequest(
            "Invalid batch payload format: every request needs id, method and url.");
      }
      if (!ids.add(id)) {
        throw GraphError.badRequest("Batch request id '" + id + "' is used more than once.");
      }
    }
    ArrayNode responses = NODES.arrayNode();
    for (JsonNode item : items) {
      String itemRequestId = UUID.randomUUID().toString();
      GraphApi.Response answer;
      try {
        answer = batchItem(item, itemRequestId, clientRequestId);
      } catch (GraphError e) {
        answer = error(e, itemRequestId, clientRequestId);
      }
      ObjectNode out = responses.addObject();
      out.put("id", item.path("id").asText());
      out.put("status", answer.status());
      ObjectNode headers = out.putObject("headers");
      headers.put("request-id", itemRequestId);
      answer.headers().forEach(headers::put);
      if (answer.body() != null) {
        headers.put("Content-Type", JSON_TYPE);
        out.set("body", answer.body());
      }
    }
    ObjectNode result = NODES.objectNode();
    result.set("responses", responses);
    return GraphApi.Response.json(200, result);
  }

  private GraphApi.Response batchItem(JsonNode item, String requestId, String clientRequestId) {
    String method = item.path("method").asText().toUpperCase(Locale.ROOT);
    String url = item.path("url").asText();
    if (url.startsWith("http:") || url.startsWith("https:")) {
      throw GraphError.badRequest(
          "Invalid request URL '" + url + "': batch items use URLs relative to the version.");
    }
    if (!url.startsWith("/")) {
      url = "/" + url;
    }
    int q = url.indexOf('?');
    String rawPath = q < 0 ? url : url.substring(0, q);
    String rawQuery = q < 0 ? null : url.substring(q + 1);
    Map<String, String> headers = new LinkedHashMap<>();
    item.path("headers")
        .properties()
        .forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
    record(method, "/v1.0" + rawPath, rawQuery, headers, true);
    JsonNode body = item.get("body");
    if (body != null && !body.isNull() && !headers.containsKey("content-type")) {
      throw GraphError.badRequest(
          "Write request id : "
              + item.path("id").asText()
              + " does not contain Content-Type header or body.");
    }
    if (GraphApi.segments(rawPath).equals(List.of("$batch"))) {
      throw GraphError.badRequest("A batch request cannot contain another batch.");
    }
    GraphApi.Request request =
        new GraphApi.Request(
            method,
            rawPath,
            rawQuery,
            GraphApi.parseQuery(rawQuery),
            caseInsensitive(headers),
            body == null || body.isNull() ? null : body);
    return operation(request, requestId, clientRequestId);
  }

  private void admin(HttpExchange exchange, String what) throws IOException {
    String requestId = UUID.randomUUID().toString();
    Map<String, String> headers = headers(exchange);
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    GraphError denied = authenticate(headers.get("authorization"));
    GraphApi.Response response;
    if (denied != null) {
      response = error(denied, requestId, requestId);
    } else if (what.equals("state") && method.equals("GET")) {
      response = GraphApi.Response.json(200, state.toJsonNode());
    } else if (what.equals("stats") && method.equals("GET")) {
      ObjectNode json = stats().toJson();
      options.extraStats().get().forEach(json::put);
      response = GraphApi.Response.json(200, json);
    } else if (what.equals("sync") && method.equals("POST")) {
      if (sync == null) {
        response =
            error(
                new GraphError(
                    409,
                    "SyncUnavailable",
                    "The emulator was started without a directory to sync from."),
                requestId,
                requestId);
      } else {
        try {
          response = GraphApi.Response.json(200, sync().toJson());
        } catch (HardmatchException e) {
          response = error(new GraphError(502, "SyncFailed", e.getMessage()), requestId, requestId);
        }
      }
    } else {
      response =
          error(
              new GraphError(
                  404,
                  "Request_ResourceNotFound",
                  "Unknown sandbox endpoint: " + method + " /_sandbox/" + what),
              requestId,
              requestId);
    }
    send(exchange, response, requestId, requestId);
  }

  // ---------------------------------------------------------------- helpers

  private void record(
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
      if (log.size() == REQUEST_LOG_CAPACITY) {
        log.removeFirst();
      }
      log.addLast(entry);
    }
  }

  private static Map<String, String> headers(HttpExchange exchange) {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
    return headers;
  }

  private static Map<String, String> caseInsensitive(Map<String, String> headers) {
    Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    map.putAll(headers);
    return map;
  }

  private static String headerOr(HttpExchange exchange, String name, String fallback) {
    String value = exchange.getRequestHeaders().getFirst(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static JsonNode readBody(InputStream in) throws IOException {
    byte[] bytes = in.readAllBytes();
    if (bytes.length == 0) {
      return null;
    }
    try {
      return TenantState.JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw GraphError.badRequest(
          "Unable to read JSON request payload. Please ensure Content-Type header is set and"
              + " payload is of valid JSON format.");
    }
  }

  static GraphApi.Response error(GraphError e, String requestId, String clientRequestId) {
    ObjectNode body = NODES.objectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", e.code);
    error.put("message", e.getMessage());
    ObjectNode inner = error.putObject("innerError");
    inner.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    inner.put("request-id", requestId);
    inner.put("client-request-id", clientRequestId);
    ArrayNode details = error.putArray("details");
    for (GraphError.Detail d : e.details) {
      ObjectNode detail = details.addObject();
      detail.put("code", d.code());
      if (d.message() != null) {
        detail.put("message", d.message());
      }
      detail.put("target", d.target());
    }
    return new GraphApi.Response(e.status, e.headers, body);
  }

  private static void send(
      HttpExchange exchange, GraphApi.Response response, String requestId, String clientRequestId)
      throws IOException {
    var headers = exchange.getResponseHeaders();
    headers.set("request-id", requestId);
    headers.set("client-request-id", clientRequestId);
    response.headers().forEach(headers::set);
    if (response.body() == null) {
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    byte[] bytes = TenantState.JSON.writeValueAsBytes(response.body());
    headers.set("Content-Type", JSON_TYPE);
    exchange.sendResponseHeaders(response.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
