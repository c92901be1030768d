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
    return run(Main::run, env, workDir, args);
  }

  /** How a run starts: {@link Main#run} or another entry point on a context. */
  interface Entry {
    int run(CliContext ctx, String... args);
  }

  static CliResult run(Entry entry, Map<String, String> env, Path workDir, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    int code =
        entry.run(
            new CliContext(new ByteArrayInputStream(new byte[0]), o, e, env, workDir, false), args);
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
