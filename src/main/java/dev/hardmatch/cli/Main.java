package dev.hardmatch.cli;

import dev.hardmatch.ExitCode;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.util.Messages;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.ResourceBundle;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The entry point. {@link #run} takes injected streams and environment so tests drive the CLI
 * in-process; {@link #main} only calls {@code System.exit} on it.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    boolean terminal = System.console() != null;
    CliContext ctx =
        new CliContext(
            System.in, out, err, System.getenv(), Path.of("").toAbsolutePath(), terminal);
    int code = run(ctx, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs hardmatch with the given context; returns the exit code (DESIGN §2). */
  public static int run(CliContext ctx, String... args) {
    CommandLine cl = commandLine(ctx);
    return cl.execute(args);
  }

  /** Convenience for tests: streams and a fixed environment and working folder. */
  public static int run(
      InputStream in,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      Path workDir,
      String... args) {
    PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    try {
      return run(new CliContext(in, o, e, env, workDir, false), args);
    } finally {
      o.flush();
      e.flush();
    }
  }

  static CommandLine commandLine(CliContext ctx) {
    return commandLine(ctx, new ContextFactory(ctx));
  }

  /** With another factory for commands and mixins (a test harness opening other adapters). */
  static CommandLine commandLine(CliContext ctx, CommandLine.IFactory factory) {
    CommandLine cl = new CommandLine(new RootCommand(), factory);
    cl.setOut(ctx.out());
    cl.setErr(ctx.err());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // Per-command help of the shared options (FormatOption).
    cl.setResourceBundle(ResourceBundle.getBundle("dev.hardmatch.cli.Help"));
    cl.setExecutionStrategy(
        parseResult -> {
          boolean verbose = false;
          String command = "hardmatch";
          for (var pr = parseResult; pr != null; pr = pr.subcommand()) {
            verbose |= pr.hasMatchedOption("--verbose");
            command = pr.commandSpec().qualifiedName();
          }
          Logging.configure(verbose, ctx.env());
          LoggerFactory.getLogger(Main.class).debug("{} {}", command, Version.get());
          return new CommandLine.RunLast().execute(parseResult);
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) ->
            handle(ex, ctx, parseResult.hasMatchedOption("--stacktrace")));
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          ctx.err().println("hardmatch: " + Messages.safe(ex.getMessage()));
          ctx.err().println("Try 'hardmatch --help' for usage.");
          return ExitCode.USAGE.code();
        });
    return cl;
  }

  static int handle(Exception ex, CliContext ctx, boolean stacktrace) {
    PrintWriter err = ctx.err();
    if (ex instanceof HardmatchException he) {
      if (he.diagnostics().isEmpty()) {
        err.println("error: " + Messages.safe(he.getMessage()));
      } else {
        // Like a compiler: the message, then the source line and a caret under the column.
        for (var d : he.diagnostics()) {
          err.println(Messages.safe(d.format()));
          if (d.excerpt() != null) {
            err.println(Messages.safe(d.excerpt()));
          }
        }
        int n = he.diagnostics().size();
        err.println(n == 1 ? "1 error" : n + " errors");
      }
      if (he.fix() != null) {
        err.println("hint: " + Messages.safe(he.fix()));
      }
      if (stacktrace) {
        ex.printStackTrace(err);
      }
      err.flush();
      return he.exitCode();
    }
    err.println("error: internal error: " + Messages.safe(String.valueOf(ex)));
    err.println("hint: run again with --stacktrace and report it");
    if (stacktrace) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ExitCode.RUNTIME.code();
  }

  /** Creates commands with a {@link CliContext} constructor when they have one. */
  record ContextFactory(CliContext ctx) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      try {
        Constructor<K> c = cls.getDeclaredConstructor(CliContext.class);
        c.setAccessible(true);
        return c.newInstance(ctx);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(cls);
      }
    }
  }
}
