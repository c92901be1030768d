package dev.hardmatch.sandbox.graph;

import java.util.List;
import java.util.Map;

/**
 * An error answer in Graph's shape, thrown inside the emulator and turned into {@code
 * {"error":{"code","message","innerError","details"}}} with the HTTP status.
 */
final class GraphError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** One entry of {@code error.details}. */
  record Detail(String code, String target, String message) {}

  final int status;
  final String code;
  final List<Detail> details;
  final Map<String, String> headers;

  GraphError(int status, String code, String message) {
    this(status, code, message, List.of(), Map.of());
  }

  GraphError(
      int status, String code, String message, List<Detail> details, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = List.copyOf(details);
    this.headers = Map.copyOf(headers);
  }

  static GraphError badRequest(String message) {
    return new GraphError(400, "Request_BadRequest", message);
  }

  static GraphError forbidden(String message) {
    return new GraphError(403, "Authorization_RequestDenied", message);
  }

  static GraphError unsupportedQuery(String message) {
    return new GraphError(400, "Request_UnsupportedQuery", message);
  }

  static GraphError notFound(String id) {
    return new GraphError(
        404,
        "Request_ResourceNotFound",
        "Resource '"
            + id
            + "' does not exist or one of its queried reference-property objects are not"
            + " present.");
  }
}
