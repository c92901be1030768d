package dev.hardmatch.dist;

import static dev.hardmatch.dist.Processes.JAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lean shaded jar (docs/distribution.md) works as the real tool: run in its own JVM from {@code
 * target/hardmatch.jar}, not from the classes folder the unit tests use. Runs in {@code verify},
 * after {@code package} built the jar.
 */
class ShadedJarIT {
  private static final Pattern MISSING_CLASS =
      Pattern.compile("NoClassDefFoundError|ClassNotFoundException|ServiceConfigurationError");

  @TempDir Path dir;
  private Process sandbox;

  @AfterEach
  void stopSandbox() throws InterruptedException {
    if (sandbox != null) {
      sandbox.destroy();
      sandbox.waitFor();
    }
  }

  private Processes.Result hardmatch(Map<String, String> env, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of(Processes.java().toString(), "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    return Processes.run(dir, env, 300, cmd);
  }

  @Test
  void everyGraphClassHardmatchNamesIsInTheJar() {
    // The jar keeps only the request builders hardmatch walks (pom.xml); jdeps lists every class
    // hardmatch's own bytecode names and says "not found" for one the jar lacks.
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    int rc =
        jdeps.run(
            ps,
            ps,
            "--multi-release",
            "17",
            "-verbose:class",
            "-cp",
            JAR.toString(),
            Path.of("target", "classes").toString());
    String report = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, report);
    List<String> graph = report.lines().filter(l -> l.contains("-> com.microsoft.graph.")).toList();
    assertTrue(graph.size() > 10, report);
    assertEquals(
        List.of(), graph.stream().filter(l -> l.contains("not found")).toList(), "missing in jar");
  }

  @Test
  void theDemoRunsFromTheJar() throws Exception {
    Processes.Result r = hardmatch(Map.of(), "demo");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Applied 9, already done 1, failed 0"), r.out());
    assertTrue(r.out().contains("Done: every link is verified."), r.out());
    assertFalse(MISSING_CLASS.matcher(r.out() + r.err()).find(), r.toString());
  }

  @Test
  void planAndApplyFromTheJarAgainstASandboxFromTheJar() throws Exception {
    assertEquals(
        0,
        hardmatch(
                Map.of(),
                "sandbox",
                "generate",
                "--users",
                "30",
                "--links",
                "10",
                "--duplicates",
                "1",
                "--deleted",
                "0",
                "--seed",
                "7",
                "--out",
                "org")
            .exit());
    Map<String, String> env = serve();
    Processes.Result plan = hardmatch(env, "plan", "links.yaml", "-o", "migration.plan.json");
    assertEquals(0, plan.exit(), plan.toString());
    assertTrue(plan.out().contains("10 to link"), plan.out());

    Processes.Result apply = hardmatch(env, "apply", "migration.plan.json", "--skip-git-check");
    assertEquals(0, apply.exit(), apply.toString());
    assertTrue(apply.out().contains("Applied 10, already done 0, failed 0"), apply.out());

    Processes.Result again = hardmatch(env, "plan", "links.yaml");
    assertEquals(0, again.exit(), again.toString());
    assertTrue(again.out().contains("No changes. 10 links already linked."), again.out());
  }

  @Test
  void deviceCodeSignInLoadsAzureIdentityFromTheJar() throws Exception {
    // No static token: the Graph client signs in through azure-identity's DeviceCodeCredential,
    // which goes through MSAL and azure-core's HTTP stack (found by ServiceLoader). The sign-in
    // authority is a closed local port, so it fails there, as a clean error, not a missing class.
    hardmatch(Map.of(), "sandbox", "generate", "--users", "4", "--links", "2", "--out", "org");
    Map<String, String> env = new HashMap<>(serve());
    env.put("HARDMATCH_GRAPH_TOKEN", null);
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    env.put("AZURE_AUTHORITY_HOST", "https://127.0.0.1:" + closed + "/");
    Processes.Result r = hardmatch(env, "plan", "links.yaml", "--auth", "device-code");
    assertFalse(MISSING_CLASS.matcher(r.out() + r.err()).find(), r.toString());
    assertFalse(r.err().contains("internal error"), r.toString());
    assertTrue(r.err().startsWith("error: could not sign in to Graph"), r.toString());
    assertTrue(r.exit() != 0, r.toString());
  }

  /** Serves {@code org/} from the jar; rewrites {@code org/links.yaml} into {@code links.yaml}. */
  private Map<String, String> serve() throws Exception {
    String token = "it-" + System.nanoTime();
    String password = "It-" + System.nanoTime() + "!";
    Path out = dir.resolve("sandbox.out");
    sandbox =
        Processes.start(
            dir,
            Map.of(),
            out,
            dir.resolve("sandbox.err"),
            List.of(
                Processes.java().toString(),
                "-jar",
                JAR.toString(),
                "sandbox",
                "serve",
                "--ldif",
                "org/ad.ldif",
                "--tenant",
                "org/tenant.json",
                "--token",
                token,
                "--bind-password",
                password,
                "--format",
                "json"));
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (Files.size(out) == 0) {
      assertTrue(sandbox.isAlive(), () -> "sandbox died: " + read(dir.resolve("sandbox.err")));
      assertTrue(System.nanoTime() < deadline, "the sandbox did not start in 120 s");
      Thread.sleep(100);
    }
    String line = Files.readAllLines(out).get(0);
    String graph = field(line, "graphUrl");
    String ldap = field(line, "ldapUrl");
    String links =
        read(dir.resolve("org/links.yaml"))
            .replaceAll("(?m)^  graph: .*$", "  graph: " + graph)
            .replaceAll("(?m)^  url: ldap://.*$", "  url: " + ldap);
    Files.writeString(dir.resolve("links.yaml"), links, StandardCharsets.UTF_8);
    return Map.of("HARDMATCH_GRAPH_TOKEN", token, "HARDMATCH_LDAP_PASSWORD", password);
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
    assertTrue(m.find(), json);
    return m.group(1);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
