package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /$batch} under {@code /v1.0} and {@code /beta}
 * (https://learn.microsoft.com/graph/json-batching; a beta batch's items are beta requests): at
 * most 20 items ("JSON batch requests are currently limited to 20 individual requests"), ids
 * unique, URLs relative to the version, a body only with a {@code Content-Type} header, no nested
 * batches; every item is answered, throttled and counted on its own with its own request-id.
 */
final class BatchHandler {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_BATCH = 20;

  private final Operations operations;
  private final RequestLog log;

  BatchHandler(Operations operations, RequestLog log) {
    this.operations = operations;
    this.log = log;
  }

  GraphApi.Response handle(GraphApi.Request request, String clientRequestId) {
    if (!request.method().equals("POST")) {
      throw new GraphError(
          405, "Request_BadRequest", "The HTTP method '" + request.method() + "' is not allowed.");
    }
    operations.batch(request.version());
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
        answer = item(item, request.version(), itemRequestId, clientRequestId);
      } catch (GraphError e) {
        answer = ErrorJson.of(e, itemRequestId, clientRequestId);
      }
      ObjectNode out = responses.addObject();
      out.put("id", item.path("id").asText());
      out.put("status", answer.status());
      ObjectNode headers = out.putObject("headers");
      headers.put("request-id", itemRequestId);
      answer.headers().forEach(headers::put);
      if (answer.body() != null) {
        headers.put("Content-Type", GraphHttp.JSON_TYPE);
        out.set("body", answer.body());
      }
    }
    ObjectNode result = NODES.objectNode();
    result.set("responses", responses);
    return GraphApi.Response.json(200, result);
  }

  private GraphApi.Response item(
      JsonNode item, String version, String requestId, String clientRequestId) {
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
    log.record(method, "/" + version + rawPath, rawQuery, headers, true);
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
            GraphHttp.caseInsensitive(headers),
            body == null || body.isNull() ? null : body,
            version);
    return operations.run(request, requestId, clientRequestId);
  }
}
