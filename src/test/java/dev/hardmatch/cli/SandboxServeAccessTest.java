package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sandbox serve --permissions / --delegated / --refuse-patch}: what the token may do. */
class SandboxServeAccessTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String JOHN_DEMO_UPN = "john.smith@contoso.com";

  @TempDir Path dir;

  /** Runs {@code sandbox serve --format json ARGS} on a thread, answers, then stops it. */
  private List<Integer> serveAndCall(List<String> args, List<String[]> calls) throws Exception {
    PipedInputStream in = new PipedInputStream();
    PrintWriter out =
        new PrintWriter(
            new OutputStreamWriter(new PipedOutputStream(in), StandardCharsets.UTF_8), true);
    CliContext ctx =
        new CliContext(
            new ByteArrayInputStream(new byte[0]),
            out,
            new PrintWriter(new StringWriter(), true),
            Map.of(),
            dir,
            false);
    List<String> argv = new ArrayList<>(List.of("sandbox", "serve", "--format", "json"));
    argv.addAll(args);
    Thread serving = new Thread(() -> Main.run(ctx, argv.toArray(String[]::new)));
    serving.start();
    List<Integer> statuses = new ArrayList<>();
    try {
      JsonNode c =
          new ObjectMapper()
              .readTree(
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine());
      String root = c.path("graphUrl").asText().replace("/v1.0", "");
      for (String[] call : calls) {
        String path = call[1].replace("{tenant}", c.path("tenantId").asText());
        HttpRequest.Builder b =
            HttpRequest.newBuilder(URI.create(root + path))
                .header("Authorization", "Bearer " + c.path("token").asText());
        if (call.length > 2) {
          b.header("Content-Type", "application/json")
              .method(call[0], HttpRequest.BodyPublishers.ofString(call[2]));
        } else {
          b.method(call[0], HttpRequest.BodyPublishers.noBody());
        }
        statuses.add(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
      }
    } finally {
      serving.interrupt();
      serving.join(10_000);
    }
    return statuses;
  }

  @Test
  void permissionsLimitWhatTheTokenMayCall() throws Exception {
    List<Integer> statuses =
        serveAndCall(
            List.of("--permissions", "User.Read.All,RoleManagement.Read.Directory"),
            List.of(
                new String[] {"GET", "/v1.0/users/" + JOHN_DEMO_UPN},
                new String[] {"GET", "/v1.0/organization"},
                new String[] {"PATCH", "/v1.0/users/" + JOHN_DEMO_UPN, "{\"jobTitle\":\"x\"}"},
                new String[] {"GET", "/_sandbox/state"}));
    assertEquals(List.of(200, 403, 403, 200), statuses, "/_sandbox/* is not affected");
  }

  @Test
  void theDefaultTokenIsAnApplicationOneThatCannotReadTheTakeoverFlag() throws Exception {
    List<Integer> statuses =
        serveAndCall(
            List.of(),
            List.of(
                new String[] {"GET", "/v1.0/organization"},
                new String[] {"GET", "/v1.0/directory/onPremisesSynchronization"}));
    assertEquals(List.of(200, 403), statuses);
  }

  @Test
  void aDelegatedTokenReadsAndFlipsTheTakeoverFlag() throws Exception {
    List<Integer> statuses =
        serveAndCall(
            List.of("--delegated"),
            List.of(
                new String[] {"GET", "/v1.0/directory/onPremisesSynchronization"},
                new String[] {
                  "PATCH",
                  "/v1.0/directory/onPremisesSynchronization/{tenant}",
                  "{\"features\":{\"blockCloudObjectTakeoverThroughHardMatchEnabled\":true}}"
                }));
    assertEquals(List.of(200, 204), statuses);
  }

  @Test
  void refusePatchRefusesEveryPatchOfThoseUsers() throws Exception {
    List<Integer> statuses =
        serveAndCall(
            List.of("--refuse-patch", JOHN_DEMO_UPN),
            List.of(
                new String[] {"PATCH", "/v1.0/users/" + JOHN_DEMO_UPN, "{\"jobTitle\":\"x\"}"},
                new String[] {"GET", "/v1.0/users/" + JOHN_DEMO_UPN}));
    assertEquals(List.of(403, 200), statuses);
  }

  @Test
  void permissionsAndDelegatedTogetherAreAUsageError() {
    CliResult r =
        CliResult.run(
            Map.of(), dir, "sandbox", "serve", "--delegated", "--permissions", "User.Read.All");
    assertEquals(64, r.exit(), r.toString());
    assertTrue(r.err().contains("--permissions and --delegated"), r.err());
  }
}
