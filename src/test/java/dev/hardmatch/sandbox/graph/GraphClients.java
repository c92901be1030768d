package dev.hardmatch.sandbox.graph;

import com.microsoft.graph.core.requests.BaseGraphRequestAdapter;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Test helpers: the real Graph SDK and a plain HTTP client pointed at an emulator. */
final class GraphClients {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private GraphClients() {}

  /** A GraphServiceClient that sends {@code token} as a static bearer token to 127.0.0.1. */
  static GraphServiceClient sdk(URI graphUrl, String token) {
    AccessTokenProvider tokens =
        new AccessTokenProvider() {
          private final AllowedHostsValidator hosts = new AllowedHostsValidator("127.0.0.1");

          @Override
          public String getAuthorizationToken(URI uri, Map<String, Object> context) {
            return hosts.isUrlHostValid(uri) ? token : "";
          }

          @Override
          public AllowedHostsValidator getAllowedHostsValidator() {
            return hosts;
          }
        };
    return new GraphServiceClient(
        new BaseGraphRequestAdapter(
            new BaseBearerTokenAuthenticationProvider(tokens), graphUrl.toString()));
  }

  static GraphServiceClient sdk(TenantEmulator emulator) {
    return sdk(emulator.graphUrl(), emulator.token());
  }

  /** A raw request; {@code pathAndQuery} is appended to the server root as given. */
  static HttpResponse<String> send(
      TenantEmulator emulator, String method, String pathAndQuery, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + pathAndQuery))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Like {@link #send} with the emulator's bearer token. */
  static HttpResponse<String> authed(
      TenantEmulator emulator, String method, String pathAndQuery, String body, String... headers)
      throws IOException, InterruptedException {
    String[] all = new String[headers.length + 2];
    all[0] = "Authorization";
    all[1] = "Bearer " + emulator.token();
    System.arraycopy(headers, 0, all, 2, headers.length);
    return send(emulator, method, pathAndQuery, body, all);
  }
}
