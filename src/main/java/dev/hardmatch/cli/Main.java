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
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The entry point. {@link #run} takes injected streams and environment so tests drive the CLI
 * in-process; {@link #main} only calls {@code System.exit} on it.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (RootUsage.asked(args) && RootUsage.print(System.out)) {
      System.exit(ExitCode.OK.code());
    }
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    boolean console = System.console() != null; // stdin and stdout are terminals
    boolean terminal = stderrIsTerminal(System.getenv(STDERR_TTY_ENV), console);
    Map<String, String> env = new HashMap<>(System.getenv());
    if (console && !env.containsKey(TerminalText.COLUMNS_ENV)) {
      env.put(TerminalText.COLUMNS_ENV, TerminalText.consoleColumns(env.get("COLUMNS")));
    }
    CliContext ctx =
        new CliContext(System.in, out, err, env, Path.of("").toAbsolutePath(), terminal);
    int code = run(ctx, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Set by the launchers (bin/hardmatch tests {@code [ -t 2 ]}, hardmatch.ps1 {@code
   * [Console]::IsErrorRedirected}): 1 when stderr is a terminal, 0 when not.
   */
  static final String STDERR_TTY_ENV = "HARDMATCH_STDERR_TTY";

  /**
   * Whether progress and colour go to stderr: what the launcher found ({@code 1}/{@code 0}), else
   * (plain {@code java -jar}, hardmatch.cmd) whether the JVM has a console — which Java 17 grants
   * only when stdin and stdout are terminals too, so there a redirected stdout hides progress.
   */
  static boolean stderrIsTerminal(String launcherSays, boolean console) {
    if ("1".equals(launcherSays) || "true".equalsIgnoreCase(launcherSays)) {
      return true;
    }
    if ("0".equals(launcherSays) || "false".equalsIgnoreCase(launcherSays)) {
      return false;
    }
    return console;
  }

  /** Runs hardmatch with the given context; returns the exit code (README, Commands). */
  public static int run(CliContext ctx, String... args) {
    // A private, changeable environment: --color records its choice there (RootCommand).
    CliContext own =
        new CliContext(
            ctx.in(),
            ctx.out(),
            ctx.err(),
            new HashMap<>(ctx.env()),
            ctx.workDir(),
            ctx.terminal());
    CommandLine cl = commandLine(own);
    String terraform = terraformStyleOption(cl, args);
    if (terraform != null) {
      own.err().println("hardmatch: " + terraform);
      own.err().println("Try 'hardmatch --help' for usage.");
      own.err().flush();
      return ExitCode.USAGE.code();
    }
    return cl.execute(args);
  }

  /**
   * Terraform habits: {@code -out=x} or {@code -detailed-exitcode} would otherwise be read as the
   * short option {@code -o} with the value {@code ut=x}, or as a cluster of short options. An
   * argument with one dash whose name is one of hardmatch's long options is refused instead.
   *
   * @return the message, or null when no argument looks like that
   */
  static String terraformStyleOption(CommandLine cl, String... args) {
    Set<String> longNames = new HashSet<>();
    collectLongNames(cl.getCommandSpec(), longNames);
    for (String arg : args) {
      if (arg.equals("--")) {
        break;
      }
      if (arg.length() > 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-') {
        int eq = arg.indexOf('=');
        String name = "-" + (eq < 0 ? arg : arg.substring(0, eq));
        if (longNames.contains(name)) {
          return "unknown option '"
              + arg
              + "': did you mean '-"
              + arg
              + "'? (long options take two dashes)";
        }
      }
    }
    return null;
  }

  private static void collectLongNames(CommandSpec spec, Set<String> names) {
    for (OptionSpec option : spec.options()) {
      for (String name : option.names()) {
        if (name.startsWith("--")) {
          names.add(name);
        }
      }
    }
    for (CommandLine sub : spec.subcommands().values()) {
      collectLongNames(sub.getCommandSpec(), names);
    }
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
    CommandLine cl = new CommandLine(new RootCommand(ctx), factory);
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

  /**
   * A no-argument factory for the build's picocli generators (bash/zsh completion, man pages; see
   * pom.xml), which instantiate the command tree without running it.
   */
  public static final class GeneratorFactory implements CommandLine.IFactory {
    private final ContextFactory delegate =
        new ContextFactory(
            new CliContext(
                System.in,
                new PrintWriter(System.out, true),
                new PrintWriter(System.err, true),
                new HashMap<>(System.getenv()),
                Path.of("").toAbsolutePath(),
                false));

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      return delegate.create(cls);
    }
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
