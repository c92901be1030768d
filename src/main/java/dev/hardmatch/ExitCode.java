package dev.hardmatch;

/**
 * Every exit code hardmatch returns, in one place (the README's command table lists them per
 * command). {@link HardmatchException.Code} maps each error to one of these.
 */
public enum ExitCode {
  /** Done; valid; all linked; nothing (else) to do. */
  OK(0),
  /** A runtime failure or plan problems; apply: stopped, run it again. */
  RUNTIME(1),
  /** {@code plan --detailed-exitcode}: the plan has changes; verify: some pending sync. */
  CHANGES(2),
  /** apply refused the plan before the first write. */
  REFUSED(3),
  /** Bad command line. */
  USAGE(64),
  /** An invalid input file (links file, plan). */
  INVALID_INPUT(65);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }
}
