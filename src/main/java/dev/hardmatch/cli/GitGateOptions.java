package dev.hardmatch.cli;

import dev.hardmatch.HardmatchException;
import picocli.CommandLine.Option;

/**
 * {@code --require-branch} and {@code --skip-git-check}: the git gate's options, the same for every
 * command that writes from a reviewed plan (apply, unlink; README, "Apply: gates, journal,
 * resume").
 */
final class GitGateOptions {
  @Option(
      names = "--require-branch",
      paramLabel = "NAME",
      description = "Refuse unless HEAD is this branch (or a detached HEAD at its tip).")
  String requireBranch;

  @Option(
      names = "--skip-git-check",
      description =
          "Skip the git gate. Only against a loopback (sandbox) Graph endpoint; refused otherwise.")
  boolean skipGitCheck;

  /** The branch HEAD must be on, or null for any; an empty name is a usage error. */
  String requireBranch() {
    if (requireBranch != null && requireBranch.isBlank()) {
      throw new HardmatchException(
          HardmatchException.Code.USAGE,
          "--require-branch needs a branch name, got an empty one",
          "write e.g. --require-branch main (or leave the option out to allow any branch)");
    }
    return requireBranch;
  }
}
