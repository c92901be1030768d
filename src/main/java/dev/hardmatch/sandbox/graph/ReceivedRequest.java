package dev.hardmatch.sandbox.graph;

import java.util.Map;

/**
 * One request as it reached the emulator, for tests that assert what a client sent.
 *
 * @param method HTTP method
 * @param url path and query, percent-decoded, e.g. {@code /v1.0/users?$filter=userPrincipalName eq
 *     'o''neil@contoso.com'}; batch items are shown with the {@code /v1.0} prefix too
 * @param headers request headers (names lower-cased, values joined with ", "); Authorization is
 *     redacted
 * @param batchItem true for an item inside a {@code $batch}
 */
public record ReceivedRequest(
    String method, String url, Map<String, String> headers, boolean batchItem) {

  public ReceivedRequest {
    headers = Map.copyOf(headers);
  }

  /** A header by case-insensitive name, null when absent. */
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public String toString() {
    return method + " " + url + (batchItem ? " (batch item)" : "");
  }
}
