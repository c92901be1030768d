package dev.hardmatch.cli;

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
      PlanCommand.class,
      ShowCommand.class,
      ApplyCommand.class,
      VerifyCommand.class,
      TakeoverCommand.class,
      AnchorCommand.class,
      SandboxCommand.class,
      DemoCommand.class
    })
public final class RootCommand implements Runnable {
  @Option(
      names = "--stacktrace",
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Print the stack trace of an error (for bug reports).")
  boolean stacktrace;

  @Option(
      names = "--no-color",
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Never colour the output (also: NO_COLOR set).")
  boolean noColor;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
