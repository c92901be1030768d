package dev.hardmatch.cli;

import dev.hardmatch.ExitCode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "hardmatch",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Hard-link on-premises AD users to their existing Entra ID accounts, declaratively:",
      "write links.yaml, plan, review the plan in git, apply it, verify."
    },
    subcommands = {
      ValidateCommand.class,
      DiscoverCommand.class,
      ImportCommand.class,
      PlanCommand.class,
      ShowCommand.class,
      ApplyCommand.class,
      VerifyCommand.class,
      TakeoverCommand.class,
      DoctorCommand.class,
      JournalCommand.class,
      UnlinkCommand.class,
      AnchorCommand.class,
      SandboxCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class RootCommand implements Callable<Integer> {
  /** {@code --color}: auto colours on a terminal unless NO_COLOR is set (README "Colour"). */
  enum ColorMode {
    AUTO,
    ALWAYS,
    NEVER
  }

  /** Set by {@code --color always}; {@link CliContext#colour()} reads it (clicolors convention). */
  static final String FORCE_COLOR_ENV = "CLICOLOR_FORCE";

  private final CliContext ctx;

  @Option(
      names = "--stacktrace",
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Print the stack trace of an error (for bug reports).")
  boolean stacktrace;

  @Option(
      names = "--no-color",
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Never colour the output (same as --color never).")
  boolean noColor;

  @Option(
      names = {"-v", "--verbose"},
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description =
          "Log what hardmatch does (connections, reads, decisions) on stderr; never secrets."
              + " Also: HARDMATCH_LOG=debug|info|trace.")
  boolean verbose;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  RootCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Colour: {@code auto} (default) on a terminal unless NO_COLOR is set and not empty; {@code
   * always} even when piped and despite NO_COLOR; {@code never}. The command's environment (a
   * private copy made by {@link Main#run}) carries the choice to {@link CliContext#colour()}.
   */
  @Option(
      names = "--color",
      paramLabel = "WHEN",
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description =
          "Colour the output: ${COMPLETION-CANDIDATES} (default: auto, a terminal without"
              + " NO_COLOR).")
  void color(ColorMode mode) {
    Map<String, String> env = ctx.env();
    switch (mode) {
      case ALWAYS -> {
        env.remove("NO_COLOR");
        env.put(FORCE_COLOR_ENV, "1");
      }
      case NEVER -> {
        env.remove(FORCE_COLOR_ENV);
        env.put("NO_COLOR", "1");
      }
      case AUTO -> {}
    }
  }

  /** {@code hardmatch} alone: the usage on stderr and exit 64, as for any other usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE.code();
  }
}
