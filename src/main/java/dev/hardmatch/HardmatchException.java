package dev.hardmatch;

import java.util.List;

/**
 * The one exception type of hardmatch: a stable {@link Code}, what went wrong, how to fix it, and
 * (for input files) every located diagnostic. The CLI maps it to an exit code in one place and
 * never prints a stack trace for it.
 */
public class HardmatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Stable error codes; each knows its {@link ExitCode}. */
  public enum Code {
    USAGE(ExitCode.USAGE),
    INVALID_INPUT(ExitCode.INVALID_INPUT),
    IO(ExitCode.RUNTIME),
    LDAP(ExitCode.RUNTIME),
    GRAPH(ExitCode.RUNTIME),
    PLAN_PROBLEMS(ExitCode.RUNTIME),
    APPLY_FAILED(ExitCode.RUNTIME),
    APPLY_REFUSED(ExitCode.REFUSED);

    private final ExitCode exitCode;

    Code(ExitCode exitCode) {
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode.code();
    }
  }

  private final Code code;
  private final String fix;
  private final List<Diagnostic> diagnostics;

  public HardmatchException(Code code, String message, String fix) {
    this(code, message, fix, List.of(), null);
  }

  public HardmatchException(Code code, String message, String fix, Throwable cause) {
    this(code, message, fix, List.of(), cause);
  }

  public HardmatchException(
      Code code, String message, String fix, List<Diagnostic> diagnostics, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.fix = fix;
    this.diagnostics = List.copyOf(diagnostics);
  }

  /** An invalid input file: all of its diagnostics at once. */
  public static HardmatchException invalidInput(List<Diagnostic> diagnostics) {
    String message =
        diagnostics.size() == 1
            ? diagnostics.get(0).format()
            : diagnostics.size() + " errors in input";
    return new HardmatchException(Code.INVALID_INPUT, message, null, diagnostics, null);
  }

  public Code code() {
    return code;
  }

  public int exitCode() {
    return code.exitCode();
  }

  /** How the user gets out of this; may be null. */
  public String fix() {
    return fix;
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}
