package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --verbose} and {@code HARDMATCH_LOG} print debug lines on stderr; without them nothing is
 * logged; secrets never are. slf4j-simple reads its level once per JVM, so each run is a process.
 */
class VerboseLoggingTest {
  static final String PASSWORD = "Sandbox-Pa55word-verbose-9152";

  @TempDir Path dir;
  Sandbox sandbox;
  Map<String, String> env;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(Sandbox.Options.defaults().withCredentials(null, PASSWORD));
    env =
        Map.of(
            PlanEndToEndTest.PASSWORD_ENV,
            PASSWORD,
            "HARDMATCH_GRAPH_TOKEN",
            sandbox.connection().token());
    Files.writeString(
        dir.resolve("links.yaml"),
        sandbox.linksHeader(PlanEndToEndTest.PASSWORD_ENV)
            + "policy: { deleteDuplicates: true, purgeDeleted: true, maxDeletes: 5 }\n"
            + "links:\n  - { sam: johns, upn: john.smith@contoso.com }\n");
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void verbosePrintsDebugLinesWithoutSecrets() throws Exception {
    CliResult r = runProcess(Map.of(), "plan", "links.yaml", "--verbose");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.err().contains("DEBUG"), r.err());
    assertTrue(r.err().contains("opening directory ldap"), r.err());
    assertTrue(r.err().contains("opening tenant"), r.err());
    assertNoSecrets(r);
  }

  @Test
  void hardmatchLogTurnsOnTheSameLog() throws Exception {
    CliResult r = runProcess(Map.of("HARDMATCH_LOG", "debug"), "plan", "links.yaml");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.err().contains("DEBUG"), r.err());
    assertNoSecrets(r);
  }

  @Test
  void withoutVerboseNothingIsLogged() throws Exception {
    CliResult r = runProcess(Map.of(), "plan", "links.yaml");
    assertEquals(0, r.exit(), r.toString());
    assertFalse(r.err().contains("DEBUG"), r.err());
    assertFalse(r.err().contains("INFO"), r.err());
    assertFalse(r.err().contains("WARN"), r.err());
    // The same output as the in-process run, which never logs.
    CliResult inProcess = CliResult.run(env, dir, "plan", "links.yaml");
    assertEquals(inProcess.err(), r.err());
    assertNoSecrets(r);
  }

  private void assertNoSecrets(CliResult r) {
    assertFalse(r.all().contains(PASSWORD), "the LDAP password was printed");
    assertFalse(r.all().contains(sandbox.connection().token()), "the Graph token was printed");
  }

  private CliResult runProcess(Map<String, String> extraEnv, String... args) throws Exception {
    List<String> cmd = CliResult.javaCommand(Main.class, args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("HARDMATCH_LOG");
    pb.environment().putAll(env);
    pb.environment().putAll(extraEnv);
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "hardmatch did not finish");
    return new CliResult(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
