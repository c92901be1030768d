package dev.hardmatch.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** What one in-process run of the CLI left: its exit code and both streams. */
record CliResult(int exit, String out, String err) {

  static CliResult run(Map<String, String> env, Path workDir, String... args) {
    return run(false, env, workDir, args);
  }

  /** As {@link #run(Map, Path, String...)}, as if stderr were a terminal when {@code terminal}. */
  static CliResult run(boolean terminal, Map<String, String> env, Path workDir, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    int code =
        Main.run(
            new CliContext(new ByteArrayInputStream(new byte[0]), o, e, env, workDir, terminal),
            args);
    o.flush();
    e.flush();
    return new CliResult(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Everything the run printed, for "never printed" assertions. */
  String all() {
    return out + err;
  }

  @Override
  public String toString() {
    return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
