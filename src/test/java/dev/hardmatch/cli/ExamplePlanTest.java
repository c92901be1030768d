package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hardmatch.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed example in plans/example/ is what the tool makes of it today. Run with
 * -Dhardmatch.updateGolden=true to rewrite the plan and markdown after an intended change.
 */
class ExamplePlanTest {
  // Fixed ports: the example links file names them, so its plan is byte-stable.
  static final int LDAP_PORT = 38389;
  static final int GRAPH_PORT = 38080;
  static final Path EXAMPLE = Path.of("plans", "example");

  @TempDir Path tmp;

  @Test
  void exampleIsRegeneratedByteForByte() throws Exception {
    String password = "example-password-4411";
    try (Sandbox sandbox =
        Sandbox.startDemo(
            Sandbox.Options.defaults()
                .withPorts(LDAP_PORT, GRAPH_PORT)
                .withCredentials("example-token", password))) {
      Map<String, String> env =
          Map.of("HARDMATCH_LDAP_PASSWORD", password, "HARDMATCH_GRAPH_TOKEN", "example-token");
      Path root = Path.of("").toAbsolutePath();
      Path fresh = tmp.resolve("example.plan.json");
      CliResult plan =
          CliResult.run(env, root, "plan", "plans/example/links.yaml", "-o", fresh.toString());
      assertEquals(0, plan.exit(), plan.toString());
      CliResult md = CliResult.run(env, root, "show", fresh.toString(), "--format", "markdown");
      assertEquals(0, md.exit(), md.toString());

      Path committedPlan = EXAMPLE.resolve("example.plan.json");
      Path committedMd = EXAMPLE.resolve("example.plan.md");
      String freshPlan = Files.readString(fresh, StandardCharsets.UTF_8);
      if (Boolean.getBoolean("hardmatch.updateGolden")) {
        Files.writeString(committedPlan, freshPlan, StandardCharsets.UTF_8);
        Files.writeString(committedMd, md.out(), StandardCharsets.UTF_8);
      }
      assertEquals(
          stable(Files.readString(committedPlan, StandardCharsets.UTF_8)),
          stable(freshPlan),
          "plans/example/example.plan.json drifted; rerun with -Dhardmatch.updateGolden=true");
      assertEquals(
          stable(Files.readString(committedMd, StandardCharsets.UTF_8)),
          stable(md.out()),
          "plans/example/example.plan.md drifted; rerun with -Dhardmatch.updateGolden=true");
    }
  }

  /** Everything but when and by which build the plan was made. */
  private static String stable(String s) {
    // The digest covers createdAt, so it changes with every run too.
    return s.replaceAll("\"createdAt\":\"[^\"]*\"", "\"createdAt\":\"…\"")
        .replaceAll("\"toolVersion\":\"[^\"]*\"", "\"toolVersion\":\"…\"")
        .replaceAll("sha256:[0-9a-f]{64}", "sha256:…")
        .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "…")
        .replaceAll("hardmatch (dev|\\d[^ |]*)", "hardmatch …");
  }
}
