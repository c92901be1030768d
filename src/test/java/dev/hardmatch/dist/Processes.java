package dev.hardmatch.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built tool as a user would: a separate process, its own JVM, output captured to files so
 * a chatty run never blocks on a full pipe.
 */
final class Processes {
  /** The shaded jar {@code mvn package} builds; the ITs run after it in {@code verify}. */
  static final Path JAR = Path.of("target", "hardmatch.jar").toAbsolutePath();

  private Processes() {}

  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** Runs {@code command} in {@code dir} with the environment changed by {@code env}. */
  static Result run(Path dir, Map<String, String> env, long timeoutSeconds, List<String> command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    apply(pb, env);
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(
          command
              + " did not finish in "
              + timeoutSeconds
              + " s; stderr:\n"
              + Files.readString(err));
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Starts a long-running command (a sandbox); stdout and stderr go to the given files. */
  static Process start(Path dir, Map<String, String> env, Path out, Path err, List<String> command)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    apply(pb, env);
    return pb.start();
  }

  /** A null value removes the variable: the child never inherits the test's credentials. */
  private static void apply(ProcessBuilder pb, Map<String, String> env) {
    pb.environment().remove("HARDMATCH_GRAPH_TOKEN");
    pb.environment().remove("HARDMATCH_LDAP_PASSWORD");
    pb.environment().remove("NO_COLOR");
    env.forEach(
        (k, v) -> {
          if (v == null) {
            pb.environment().remove(k);
          } else {
            pb.environment().put(k, v);
          }
        });
  }

  private static java.io.File nullFile() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
