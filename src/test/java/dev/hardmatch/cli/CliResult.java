package dev.hardmatch.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What one in-process run of the CLI left: its exit code and both streams. */
record CliResult(int exit, String out, String err) {

  static CliResult run(Map<String, String> env, Path workDir, String... args) {
    return run(Main::run, false, env, workDir, args);
  }

  /** As {@link #run(Map, Path, String...)}, as if stderr were a terminal when {@code terminal}. */
  static CliResult run(boolean terminal, Map<String, String> env, Path workDir, String... args) {
    return run(Main::run, terminal, env, workDir, args);
  }

  /** How a run starts: {@link Main#run} or another entry point on a context. */
  interface Entry {
    int run(CliContext ctx, String... args);
  }

  static CliResult run(Entry entry, Map<String, String> env, Path workDir, String... args) {
    return run(entry, false, env, workDir, args);
  }

  private static CliResult run(
      Entry entry, boolean terminal, Map<String, String> env, Path workDir, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    int code =
        entry.run(
            new CliContext(new ByteArrayInputStream(new byte[0]), o, e, env, workDir, terminal),
            args);
    o.flush();
    e.flush();
    return new CliResult(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The command line that runs {@code main} with {@code args} in a fresh JVM on this classpath. */
  static List<String> javaCommand(Class<?> main, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return cmd;
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
