package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.sandbox.graph.GraphApi.Request;
import dev.hardmatch.sandbox.graph.GraphApi.Response;
import dev.hardmatch.util.Sha256;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Server-driven paging: {@code @odata.nextLink} with an opaque {@code $skiptoken} that clients
 * follow exactly as returned (https://learn.microsoft.com/graph/paging), and {@code
 * @odata.count}.
 */
final class Paging {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Supplier<String> baseUrl;

  Paging(Supplier<String> baseUrl) {
    this.baseUrl = baseUrl;
  }

  /**
   * The offset a {@code $skiptoken} stands for; null on a first page. The token also carries a
   * fingerprint of the query, so a nextLink that was edited (or rebuilt by hand) is refused.
   */
  static Integer offset(Request r, String path) {
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
    return HexFormat.of().formatHex(sha256(sb.toString())).substring(0, 16);
  }

  Response page(
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

  static byte[] sha256(String text) {
    return Sha256.digest(text.getBytes(StandardCharsets.UTF_8));
  }
}
