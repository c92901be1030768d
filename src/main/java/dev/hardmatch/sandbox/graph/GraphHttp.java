package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The emulator's HTTP plumbing: routes {@code /v1.0} to Graph and {@code /_sandbox/} to {@link
 * SandboxAdmin}; gives every answer a {@code request-id} and echoes {@code client-request-id}
 * (https://learn.microsoft.com/graph/best-practices-concept#reliability-and-support); checks the
 * bearer token (401 {@code InvalidAuthenticationToken}, https://learn.microsoft.com/graph/errors);
 * adds the configured latency and injected {@link Faults}; answers in Graph's JSON content type.
 */
final class GraphHttp {
  static final String JSON_TYPE =
      "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;"
          + "charset=utf-8";

  private final EmulatorOptions options;
  private final Operations operations;
  private final BatchHandler batch;
  private final SandboxAdmin admin;
  private final RequestLog log;
  private final Faults faults;

  GraphHttp(
      EmulatorOptions options,
      Operations operations,
      BatchHandler batch,
      SandboxAdmin admin,
      RequestLog log) {
    this.options = options;
    this.operations = operations;
    this.batch = batch;
    this.admin = admin;
    this.log = log;
    this.faults = new Faults(options.faultRate(), options.loseResponses(), options.seed());
  }

  void dispatch(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getRawPath();
      if (path.equals("/v1.0") || path.startsWith("/v1.0/")) {
        graph(exchange, path.substring("/v1.0".length()), GraphApi.V1);
      } else if (path.equals("/beta") || path.startsWith("/beta/")) {
        graph(exchange, path.substring("/beta".length()), GraphApi.BETA);
      } else if (path.startsWith("/_sandbox/")) {
        admin(exchange, path.substring("/_sandbox/".length()));
      } else {
        String requestId = UUID.randomUUID().toString();
        send(
            exchange,
            ErrorJson.of(
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
          ErrorJson.of(
              new GraphError(500, "generalException", "The emulator failed: " + e),
              requestId,
              requestId),
          requestId,
          requestId);
    } finally {
      exchange.close();
    }
  }

  private void graph(HttpExchange exchange, String rawPath, String version) throws IOException {
    long n = operations.httpRequest();
    String requestId = UUID.randomUUID().toString();
    String clientRequestId = headerOr(exchange, "client-request-id", requestId);
    Map<String, String> headers = headers(exchange);
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    String rawQuery = exchange.getRequestURI().getRawQuery();
    log.record(method, "/" + version + rawPath, rawQuery, headers, false);

    if (options.latencyMs() > 0) {
      try {
        Thread.sleep(options.latencyMs());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    Faults.Fault fault = faults.of(n);
    if (fault != Faults.Fault.NONE) {
      operations.fault();
      GraphError error = Faults.error(fault);
      if (error != null) {
        send(exchange, ErrorJson.of(error, requestId, clientRequestId), requestId, clientRequestId);
      }
      // A DROP closes without a response: the JDK server drops the connection.
      return;
    }
    GraphError denied = authenticate(headers.get("authorization"));
    if (denied != null) {
      send(exchange, ErrorJson.of(denied, requestId, clientRequestId), requestId, clientRequestId);
      return;
    }
    GraphApi.Response response;
    boolean write = false;
    try {
      Map<String, String> query = GraphApi.parseQuery(rawQuery);
      JsonNode body = readBody(exchange.getRequestBody());
      GraphApi.Request request =
          new GraphApi.Request(
              method, rawPath, rawQuery, query, caseInsensitive(headers), body, version);
      // Graph serves $batch under v1.0 and beta alike
      // (https://learn.microsoft.com/graph/json-batching:
      // "Specify the URL endpoint, whether it targets the v1.0 or beta version of Microsoft
      // Graph, and append the $batch segment"); a beta batch's items address beta URLs.
      if (GraphApi.segments(rawPath).equals(List.of("$batch"))) {
        write = batchWrites(body);
        response = batch.handle(request, clientRequestId);
      } else {
        write = GraphApi.isWrite(method, rawPath);
        response = operations.run(request, requestId, clientRequestId);
      }
    } catch (GraphError e) {
      response = ErrorJson.of(e, requestId, clientRequestId);
    }
    if (write && faults.losesResponse(n)) {
      // Carried out, answer lost: closing without a response drops the connection.
      operations.fault();
      return;
    }
    send(exchange, response, requestId, clientRequestId);
  }

  /** Whether a {@code $batch} body holds a write (PATCH, DELETE or POST). */
  private static boolean batchWrites(JsonNode body) {
    if (body == null) {
      return false;
    }
    for (JsonNode item : body.path("requests")) {
      String method = item.path("method").asText("").toUpperCase(Locale.ROOT);
      if (method.equals("PATCH") || method.equals("DELETE") || method.equals("POST")) {
        return true;
      }
    }
    return false;
  }

  private void admin(HttpExchange exchange, String what) throws IOException {
    String requestId = UUID.randomUUID().toString();
    Map<String, String> headers = headers(exchange);
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    GraphError denied = authenticate(headers.get("authorization"));
    GraphApi.Response response;
    if (denied != null) {
      response = ErrorJson.of(denied, requestId, requestId);
    } else {
      try {
        response = admin.handle(method, what, readBody(exchange.getRequestBody()), requestId);
      } catch (GraphError e) {
        response = ErrorJson.of(e, requestId, requestId);
      }
    }
    send(exchange, response, requestId, requestId);
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

  private static Map<String, String> headers(HttpExchange exchange) {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
    return headers;
  }

  static Map<String, String> caseInsensitive(Map<String, String> headers) {
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
