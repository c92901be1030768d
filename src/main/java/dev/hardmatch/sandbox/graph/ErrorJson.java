package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A {@link GraphError} as Graph's error body: {@code {"error":{"code","message","innerError":
 * {"date","request-id","client-request-id"},"details"}}}
 * (https://learn.microsoft.com/graph/errors#error-resource-type).
 */
final class ErrorJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ErrorJson() {}

  static GraphApi.Response of(GraphError e, String requestId, String clientRequestId) {
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
}
