package dev.hardmatch.tenant;

import com.microsoft.graph.models.odataerrors.ErrorDetails;
import com.microsoft.graph.models.odataerrors.MainError;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.ApiException;
import com.microsoft.kiota.ResponseHeaders;
import com.microsoft.kiota.serialization.JsonParseNodeFactory;
import com.microsoft.kiota.serialization.ParseNode;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.HardmatchException.Code;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Turns every kind of Graph failure into a {@link HardmatchException} whose message carries the
 * HTTP status, Graph's error code and message, and the request-id (what Microsoft support asks
 * for). Branches on codes, never on messages, except where Graph gives no distinct code.
 */
final class GraphErrors {

  /** Graph's newer code for a refused write to an object mastered on-premises. */
  static final String SYNCED_OBJECT_CODE =
      "AzureActiveDirectoryCannotUpdateObjectsOriginatedInExternalService";

  private GraphErrors() {}

  /** A failure of a single SDK call (an ODataError, an ApiException, or a transport failure). */
  static HardmatchException fromException(String what, String endpoint, Throwable e) {
    if (e instanceof HardmatchException) {
      return (HardmatchException) e;
    }
    if (e instanceof ODataError) {
      ODataError error = (ODataError) e;
      return fromError(
          what,
          error.getResponseStatusCode(),
          error.getError(),
          header(error.getResponseHeaders(), "request-id"));
    }
    if (e instanceof ApiException) {
      ApiException api = (ApiException) e;
      return fromError(
          what, api.getResponseStatusCode(), null, header(api.getResponseHeaders(), "request-id"));
    }
    String auth = authenticationFailure(e);
    if (auth != null) {
      return new HardmatchException(
          Code.GRAPH,
          "could not sign in to Graph at " + endpoint + " while " + what + ": " + auth,
          "sign in through azure-identity: set AZURE_CLIENT_ID/AZURE_TENANT_ID with a secret,"
              + " certificate or federated token, use a managed identity, run 'az login', or"
              + " use --auth device-code",
          null);
    }
    IOException io = find(e, IOException.class);
    if (io != null) {
      return new HardmatchException(
          Code.GRAPH,
          "cannot reach Graph at " + endpoint + " while " + what + ": " + describe(io),
          "check the network (proxy, firewall, DNS) and tenant.graph in the links file",
          null);
    }
    return new HardmatchException(
        Code.GRAPH,
        "Graph call failed while " + what + " (" + endpoint + "): " + describe(e),
        null,
        null);
  }

  /** A failed step of a {@code $batch}: its status and body (an ODataError JSON, usually). */
  static HardmatchException fromStep(String what, int status, byte[] body, String stepRequestId) {
    return fromError(what, status, parseError(body), stepRequestId);
  }

  /** A failure described by its parts; {@code error} may be null when the body was not Graph's. */
  static HardmatchException fromError(
      String what, int status, MainError error, String headerRequestId) {
    String code = error == null ? null : error.getCode();
    String message = error == null ? null : error.getMessage();
    String requestId = requestId(error, headerRequestId);
    StringBuilder text = new StringBuilder("Graph refused ").append(what).append(": HTTP ");
    text.append(status);
    if (code != null) {
      text.append(' ').append(code);
    }
    if (message != null && !message.isBlank()) {
      text.append(": ").append(message.strip());
    }
    text.append(" (request-id ").append(requestId == null ? "none" : requestId).append(')');

    List<ErrorDetails> details = error == null ? null : error.getDetails();
    if (hasDetail(details, "ObjectConflict")) {
      String conflicting = conflictingObject(details);
      if (conflicting != null) {
        text.append("; the anchor is held by object ").append(conflicting);
      }
      return new AnchorConflictException(text.toString(), conflicting, requestId);
    }
    return new HardmatchException(Code.GRAPH, text.toString(), fix(status, code, message), null);
  }

  /** The request-id: the one inside the error body first, else the response header. */
  static String requestId(MainError error, String headerRequestId) {
    if (error != null && error.getInnerError() != null) {
      String inner = error.getInnerError().getRequestId();
      if (inner != null && !inner.isBlank()) {
        return inner;
      }
    }
    return headerRequestId;
  }

  static MainError parseError(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      ParseNode node =
          new JsonParseNodeFactory()
              .getParseNode("application/json", new ByteArrayInputStream(body));
      ODataError error = node.getObjectValue(ODataError::createFromDiscriminatorValue);
      return error == null ? null : error.getError();
    } catch (RuntimeException notJson) {
      return null; // e.g. an HTML error page from a proxy: the status still tells the story
    }
  }

  static String header(ResponseHeaders headers, String name) {
    if (headers == null) {
      return null;
    }
    Set<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.iterator().next();
  }

  /** True when Graph refused a write because the object is mastered on-premises. */
  static boolean syncedObjectRefusal(String code, String message) {
    if (SYNCED_OBJECT_CODE.equals(code)) {
      return true;
    }
    // The older answer is a generic Request_BadRequest: only its message says why.
    return "Request_BadRequest".equals(code)
        && message != null
        && message.toLowerCase(Locale.ROOT).contains("on-premises mastered");
  }

  private static String fix(int status, String code, String message) {
    if (syncedObjectRefusal(code, message)) {
      return "the user is synced from on-premises AD (onPremisesSyncEnabled), so Graph will not"
          + " change its anchor; only Entra Connect can. Plan again: hardmatch reports such a"
          + " target as TARGET_SYNCED_ELSEWHERE";
    }
    if (status == 401) {
      return "the Graph token was refused: check the credential azure-identity uses and that it"
          + " belongs to this tenant";
    }
    if (status == 403) {
      return "the signed-in identity lacks a Graph permission: reads need User.Read.All and"
          + " RoleManagement.Read.Directory, writes User.ReadWrite.All and User.DeleteRestore.All";
    }
    if (status == 429 || status == 503 || status == 504) {
      return "Graph kept throttling or was unavailable after several retries; wait a few minutes"
          + " and run the same command again";
    }
    return "if this persists, give Microsoft support the request-id above";
  }

  private static boolean hasDetail(List<ErrorDetails> details, String code) {
    return details != null
        && details.stream().anyMatch(d -> d != null && code.equalsIgnoreCase(d.getCode()));
  }

  /** The object id from a {@code ConflictingObjects} detail ({@code target: "User_<id>"}). */
  private static String conflictingObject(List<ErrorDetails> details) {
    for (ErrorDetails detail : details) {
      if (detail != null
          && "ConflictingObjects".equalsIgnoreCase(detail.getCode())
          && detail.getTarget() != null) {
        String target = detail.getTarget().strip();
        int underscore = target.indexOf('_');
        return underscore >= 0 ? target.substring(underscore + 1) : target;
      }
    }
    return null;
  }

  private static String authenticationFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String name = t.getClass().getName();
      if (name.equals("com.azure.identity.CredentialUnavailableException")
          || name.equals("com.azure.core.exception.ClientAuthenticationException")
          || name.startsWith("com.microsoft.aad.msal4j.")) {
        return firstLine(t.getMessage());
      }
    }
    return null;
  }

  private static String describe(Throwable t) {
    if (t instanceof ConnectException) {
      return "connection refused";
    }
    if (t instanceof UnknownHostException) {
      return "unknown host " + t.getMessage();
    }
    if (t instanceof SocketTimeoutException) {
      return "timed out";
    }
    if (t instanceof SSLException) {
      return "TLS failure: " + firstLine(t.getMessage());
    }
    String message = firstLine(t.getMessage());
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return null;
    }
    int newline = s.indexOf('\n');
    return newline < 0 ? s.strip() : s.substring(0, newline).strip();
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
