package dev.hardmatch.cli;

/** Exit codes (DESIGN §2). */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int RUNTIME = 1;
  public static final int CHANGES = 2;
  public static final int REFUSED = 3;
  public static final int USAGE = 64;
  public static final int INVALID_INPUT = 65;

  private ExitCodes() {}
}
