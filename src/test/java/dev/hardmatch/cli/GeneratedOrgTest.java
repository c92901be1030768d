package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PlanFile;
import dev.hardmatch.sandbox.Generator;
import dev.hardmatch.sandbox.Sandbox;
import dev.hardmatch.sandbox.graph.ThrottleSpec;
import dev.hardmatch.tenant.WriteQuota;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's pieces end to end on small generated organisations: a generated org plans without
 * problems (and with exactly the blockers asked for), apply paces its writes to {@code
 * --write-quota} so a matching emulator quota never answers 429, and the progress line shows on a
 * terminal only.
 */
class GeneratedOrgTest {
  static final String PASSWORD = "Generated-Pa55word-3318";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Sandbox sandbox;
  private Map<String, String> env;

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  /** Generates, serves it, and writes links.yaml pointing at the sandbox. */
  private Generator.Result serve(Generator.Options o, ThrottleSpec throttle) throws Exception {
    Generator.Result r = Generator.generate(o);
    sandbox =
        Sandbox.start(
            o.out().resolve("ad.ldif"),
            o.out().resolve("tenant.json"),
            new Sandbox.Options(0, false, 0, null, PASSWORD, 0, throttle, 0, 0));
    env = new HashMap<>();
    env.put("HARDMATCH_LDAP_PASSWORD", PASSWORD);
    env.put("HARDMATCH_GRAPH_TOKEN", sandbox.connection().token());
    String generated = Files.readString(o.out().resolve("links.yaml"), StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("links.yaml"),
        sandbox.linksHeader("HARDMATCH_LDAP_PASSWORD")
            + generated.substring(generated.indexOf("policy:")));
    return r;
  }

  private Generator.Options org(int users, int links, double dups, double deleted) {
    return new Generator.Options(users, links, dups, deleted, 17, dir.resolve("org"), 1, 2, null);
  }

  @Test
  void aGeneratedOrganisationPlansWithoutProblems() throws Exception {
    Generator.Result r = serve(org(300, 200, 0.4, 0.3), ThrottleSpec.NONE);

    CliResult plan = CliResult.run(env, dir, "plan", "links.yaml", "--format", "json");

    assertEquals(0, plan.exit(), plan.toString());
    Plan.Summary summary =
        PlanFile.parse("stdout", plan.out().getBytes(StandardCharsets.UTF_8)).summary();
    assertEquals(200, summary.setImmutableId());
    assertEquals(r.duplicates() - r.deletedHolders(), summary.deleteUser());
    assertEquals(r.duplicates(), summary.purgeDeletedUser());
    // The sandbox reports its AD's searches next to Graph's counters, for the benchmark.
    HttpResponse<String> stats =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            sandbox.connection().graphUrl().replace("/v1.0", "/_sandbox/stats")))
                    .header("Authorization", "Bearer " + sandbox.connection().token())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, stats.statusCode(), stats.body());
    long searches = JSON.readTree(stats.body()).path("ldapSearches").asLong();
    assertEquals(sandbox.directory().searchCount(), searches);
    assertTrue(searches >= 2 && searches <= 4, stats.body());
  }

  @Test
  void blockersAskedForAreTheProblemsThePlanFinds() throws Exception {
    Generator.Result r =
        serve(
            new Generator.Options(
                300, 200, 0.4, 0.0, 17, dir.resolve("org"), 1, 2, null, 0.05, 0.3),
            ThrottleSpec.NONE);
    assertTrue(r.adminTargets() > 0 && r.licensedDuplicates() > 0, r.toString());

    CliResult plan = CliResult.run(env, dir, "plan", "links.yaml", "--format", "json");

    assertEquals(1, plan.exit(), plan.toString());
    JsonNode problems = JSON.readTree(plan.out()).path("problems");
    java.util.Set<String> blockedLinks = new java.util.HashSet<>();
    problems.forEach(p -> blockedLinks.add(p.path("sam").asText()));
    // A link can be blocked twice (admin target and licensed duplicate); each is reported.
    assertTrue(
        problems.size() >= Math.max(r.adminTargets(), r.licensedDuplicates())
            && problems.size() <= r.adminTargets() + r.licensedDuplicates(),
        problems.toString());
  }

  @Test
  void applyPacesToTheWriteQuotaAndNeverMeetsA429() throws Exception {
    // 30 links, each with an active duplicate: 120 writes (a probe, delete, purge and set each)
    // under 30 writes per 2 s.
    serve(org(60, 30, 1.0, 0.0), ThrottleSpec.parse("writes=30/2s"));
    CliResult plan = CliResult.run(env, dir, "plan", "links.yaml", "-o", "x.plan.json");
    assertEquals(0, plan.exit(), plan.toString());
    sandbox.tenant().resetStats();
    env.put(Throughput.QUOTA_ENV, "30/2s");

    CliResult apply = CliResult.run(env, dir, "apply", "x.plan.json", "--skip-git-check");

    assertEquals(0, apply.exit(), apply.toString());
    assertTrue(apply.out().contains("Applied 30, already done 0, failed 0"), apply.toString());
    assertEquals(120, sandbox.tenant().stats().writes(), sandbox.tenant().stats().toString());
    assertEquals(0, sandbox.tenant().stats().throttled(), "paced writes never meet a 429");
  }

  // Graph grants far fewer writes than the client's quota (30 per 10 s against 3,000 per 150 s):
  // apply slows to the rate Graph grants, honouring each item's Retry-After, and finishes in one
  // run instead of giving up after a fixed number of retries (it needed several runs before).
  @Test
  void applyUnderATighterGraphQuotaSlowsDownAndFinishesInOneRun() throws Exception {
    // 40 links, each with an active duplicate: 120 writes; Graph grants 30, then 3 a second.
    serve(org(80, 40, 1.0, 0.0), ThrottleSpec.parse("writes=30/10s"));
    CliResult plan = CliResult.run(env, dir, "plan", "links.yaml", "-o", "x.plan.json");
    assertEquals(0, plan.exit(), plan.toString());
    sandbox.tenant().resetStats();

    CliResult apply = CliResult.run(env, dir, "apply", "x.plan.json", "--skip-git-check");

    assertEquals(0, apply.exit(), apply.toString());
    assertTrue(apply.out().contains("Applied 40, already done 0, failed 0"), apply.toString());
    JsonNode stats = JSON.readTree(sandboxStats());
    assertTrue(stats.path("throttled").asLong() > 0, "Graph throttled: " + stats);
    CliResult again = CliResult.run(env, dir, "apply", "x.plan.json", "--skip-git-check");
    assertTrue(again.out().contains("Applied 0, already done 40, failed 0"), again.toString());
  }

  // --deadline bounds how long apply keeps sending throttled writes: past it, the run stops with
  // exit 1 and "run the same command again", and the next run finishes.
  @Test
  void aDeadlinePastWhichGraphStillThrottlesStopsTheRunForARerun() throws Exception {
    serve(org(20, 10, 1.0, 0.0), ThrottleSpec.parse("writes=5/1m"));
    CliResult plan = CliResult.run(env, dir, "plan", "links.yaml", "-o", "x.plan.json");
    assertEquals(0, plan.exit(), plan.toString());

    CliResult apply =
        CliResult.run(env, dir, "apply", "x.plan.json", "--skip-git-check", "--deadline", "5s");

    assertEquals(1, apply.exit(), apply.toString());
    assertTrue(apply.err().contains("run the same command again"), apply.toString());
    CliResult zero =
        CliResult.run(env, dir, "apply", "x.plan.json", "--skip-git-check", "--deadline", "0s");
    assertEquals(64, zero.exit(), zero.toString());
    assertTrue(zero.err().contains("--deadline 0 leaves no time"), zero.toString());
  }

  private String sandboxStats() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(sandbox.connection().graphUrl().replace("/v1.0", "/_sandbox/stats")))
                .header("Authorization", "Bearer " + sandbox.connection().token())
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void progressOnlyOnATerminal() throws Exception {
    serve(org(300, 200, 0.4, 0.3), ThrottleSpec.NONE);

    CliResult piped = CliResult.run(env, dir, "plan", "links.yaml");
    String[] terminal = runOnTerminal("plan", "links.yaml");

    assertEquals(0, piped.exit(), piped.toString());
    assertFalse(piped.err().contains("\r"), piped.err());
    assertFalse(piped.err().contains("Graph reads"), piped.err());
    assertEquals("0", terminal[0], terminal[2]);
    // 200 UPNs and 200+ anchors in 15s, plus the four listings: one updating line, then erased.
    assertTrue(terminal[2].contains("\rGraph reads 0/"), terminal[2]);
    assertTrue(terminal[2].matches("(?s).*\rGraph reads (\\d+)/\\1 · writes 0/0 .*"), terminal[2]);
    assertTrue(terminal[2].endsWith("\r\033[K"), terminal[2]);
    // The digest covers createdAt, so two plans a second apart differ only there.
    assertEquals(
        withoutDigest(piped.out()),
        withoutDigest(terminal[1]),
        "stdout is the same plan either way");
  }

  private static String withoutDigest(String text) {
    return text.replaceAll("digest: +sha256:[0-9a-f]{64}", "digest: sha256:…");
  }

  /** Runs the CLI as if stderr were a terminal: exit code, stdout, stderr. */
  private String[] runOnTerminal(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    Map<String, String> withoutColour = new HashMap<>(env);
    withoutColour.put("NO_COLOR", "1");
    int code =
        Main.run(
            new CliContext(new ByteArrayInputStream(new byte[0]), o, e, withoutColour, dir, true),
            args);
    o.flush();
    e.flush();
    return new String[] {
      Integer.toString(code),
      out.toString(StandardCharsets.UTF_8),
      err.toString(StandardCharsets.UTF_8)
    };
  }

  @Test
  void writeQuotaFromOptionOrEnvironment() {
    CliContext ctx =
        new CliContext(
            new ByteArrayInputStream(new byte[0]),
            new PrintWriter(new ByteArrayOutputStream()),
            new PrintWriter(new ByteArrayOutputStream()),
            Map.of(Throughput.QUOTA_ENV, "300/10s"),
            dir,
            false);
    Throughput t = new Throughput();
    WriteQuota fromEnv = t.quota(ctx);
    assertEquals(300, fromEnv.writes());
    assertEquals(Duration.ofSeconds(10), fromEnv.window());
    t.writeQuota = "3000/150s";
    assertEquals(Duration.ofSeconds(150), t.quota(ctx).window());
    t.writeQuota = "20/2m";
    assertEquals(Duration.ofMinutes(2), t.quota(ctx).window());
    assertEquals(
        WriteQuota.GRAPH_DEFAULT,
        new Throughput()
            .quota(
                new CliContext(
                    new ByteArrayInputStream(new byte[0]),
                    new PrintWriter(new ByteArrayOutputStream()),
                    new PrintWriter(new ByteArrayOutputStream()),
                    Map.of(),
                    dir,
                    false)));
  }
}
