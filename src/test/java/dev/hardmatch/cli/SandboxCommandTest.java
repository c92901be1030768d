package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardmatch.sandbox.Sandbox;
import java.io.ByteArrayInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxCommandTest {
  @TempDir Path dir;

  // serve --format json prints one JSON line a script can use, and the servers answer it.
  @Test
  void servePrintsOneJsonLineAndStopsWhenInterrupted() throws Exception {
    PipedInputStream in = new PipedInputStream();
    PrintWriter out =
        new PrintWriter(
            new java.io.OutputStreamWriter(new PipedOutputStream(in), StandardCharsets.UTF_8),
            true);
    StringWriter err = new StringWriter();
    AtomicInteger exit = new AtomicInteger(-1);
    CliContext ctx =
        new CliContext(
            new ByteArrayInputStream(new byte[0]),
            out,
            new PrintWriter(err, true),
            Map.of(),
            dir,
            false);
    Thread serving =
        new Thread(() -> exit.set(Main.run(ctx, "sandbox", "serve", "--format", "json")));
    serving.start();
    String line =
        new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))
            .readLine();
    JsonNode c = new ObjectMapper().readTree(line);
    for (String key :
        new String[] {
          "ldapUrl", "bindDn", "bindPassword", "baseDn", "graphUrl", "token", "tenantId"
        }) {
      assertTrue(c.hasNonNull(key), key + " in " + line);
    }
    assertTrue(c.path("graphUrl").asText().endsWith("/v1.0"), line);
    assertTrue(c.path("graphUrl").asText().startsWith("http://127.0.0.1:"), line);
    assertEquals("7d1a2c3e-0000-4000-8000-000000000001", c.path("tenantId").asText());

    HttpResponse<String> state =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(c.path("graphUrl").asText().replace("/v1.0", "/_sandbox/state")))
                    .header("Authorization", "Bearer " + c.path("token").asText())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, state.statusCode());
    assertTrue(state.body().contains("john.smith@contoso.com"));

    serving.interrupt();
    serving.join(10_000);
    assertFalse(serving.isAlive());
    assertEquals(0, exit.get(), err.toString());
  }

  // Bad input to serve: exit 65, the file and line named, no stack trace, nothing started.
  @Test
  void malformedLdifIsReportedWithFileAndLine() throws Exception {
    Files.writeString(dir.resolve("tenant.json"), Sandbox.demoResource("tenant.json"));
    Files.writeString(
        dir.resolve("bad.ldif"),
        "dn: DC=corp,DC=contoso,DC=com\nobjectClass: domain\ndc: corp\n\n"
            + "dn: CN=x,DC=corp,DC=contoso,DC=com\nthis line has no colon\n");
    CliResult r =
        CliResult.run(
            Map.of(), dir, "sandbox", "serve", "--ldif", "bad.ldif", "--tenant", "tenant.json");
    assertEquals(65, r.exit(), r.toString());
    assertTrue(r.err().contains("bad.ldif:6"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void malformedTenantJsonIsReportedWithFileAndLine() throws Exception {
    Files.writeString(dir.resolve("ad.ldif"), Sandbox.demoResource("ad.ldif"));
    Files.writeString(
        dir.resolve("tenant.json"), "{\n  \"tenantId\": \"x\",\n  \"users\": [ oops ]\n}\n");
    CliResult r =
        CliResult.run(
            Map.of(), dir, "sandbox", "serve", "--ldif", "ad.ldif", "--tenant", "tenant.json");
    assertEquals(65, r.exit(), r.toString());
    assertTrue(r.err().contains("tenant.json:3"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void missingFileIsInvalidInput() {
    CliResult r =
        CliResult.run(
            Map.of(), dir, "sandbox", "serve", "--ldif", "nope.ldif", "--tenant", "nope.json");
    assertEquals(65, r.exit(), r.toString());
    assertTrue(r.err().contains("nope"), r.err());
  }

  @Test
  void badThrottleSpecIsAUsageError() {
    CliResult r = CliResult.run(Map.of(), dir, "sandbox", "serve", "--throttle", "lots");
    assertEquals(64, r.exit(), r.toString());
    assertTrue(r.err().contains("requests="), r.err());
  }

  // generate: the same seed gives the same organisation, byte for byte.
  @Test
  void generateIsReproducible() throws Exception {
    CliResult a =
        CliResult.run(
            Map.of(),
            dir,
            "sandbox",
            "generate",
            "--users",
            "200",
            "--links",
            "50",
            "--seed",
            "3",
            "--out",
            "a");
    CliResult b =
        CliResult.run(
            Map.of(),
            dir,
            "sandbox",
            "generate",
            "--users",
            "200",
            "--links",
            "50",
            "--seed",
            "3",
            "--out",
            "b");
    assertEquals(0, a.exit(), a.toString());
    assertEquals(0, b.exit(), b.toString());
    for (String f : new String[] {"ad.ldif", "tenant.json", "links.yaml"}) {
      assertEquals(
          Files.readString(dir.resolve("a").resolve(f)),
          Files.readString(dir.resolve("b").resolve(f)),
          f);
    }
    assertTrue(a.out().contains("200 AD users, 50 links"), a.out());
    CliResult bad =
        CliResult.run(
            Map.of(), dir, "sandbox", "generate", "--users", "10", "--links", "20", "--out", "c");
    assertEquals(64, bad.exit(), bad.toString());
  }
}
