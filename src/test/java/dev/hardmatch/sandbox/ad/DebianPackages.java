package dev.hardmatch.sandbox.ad;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes a command from a Debian package available to a test through the project's own {@code
 * ci/ensure-packages.sh}. Where it cannot install (not root, no apt-get: exit 3) the test is
 * skipped with the script's reason; under {@code CI} a skip would hide a missing tool, so it fails.
 */
public final class DebianPackages {
  private DebianPackages() {}

  /** Returns once {@code command} is on the PATH, installing {@code packages} if needed. */
  public static void ensure(String command, String... packages) throws Exception {
    if (onPath(command)) {
      return;
    }
    List<String> argv = new ArrayList<>();
    argv.add("bash");
    argv.add(Path.of("ci", "ensure-packages.sh").toAbsolutePath().toString());
    argv.addAll(List.of(packages));
    Path log = Files.createTempFile("ensure-packages", ".log");
    try {
      Process p =
          new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(15, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        fail("ci/ensure-packages.sh did not finish within 15 minutes");
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (p.exitValue() == 3 && !"true".equals(System.getenv("CI"))) {
        Assumptions.abort("cannot install " + String.join(" ", packages) + ": " + output.trim());
      }
      assertTrue(p.exitValue() == 0, "ci/ensure-packages.sh failed:\n" + output);
      assertTrue(onPath(command), command + " still missing after installing " + List.of(packages));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** Whether {@code command} is an executable in a folder of the PATH. */
  public static boolean onPath(String command) {
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
