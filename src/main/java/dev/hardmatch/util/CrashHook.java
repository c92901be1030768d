package dev.hardmatch.util;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A test hook for the crash harness ({@code ci/crash}, docs/apply.md "Crash safety"): it numbers
 * the points where a crash matters to apply (each journal append, before and after; each answered
 * {@code $batch} of a write wave, before the first is sent and after each answer; each LDAP write,
 * before and after) and stops the process at the N-th.
 *
 * <p>Off unless armed: in a normal run {@link #point} reads one null field and returns. It is armed
 * by the environment variable {@value #ENV} (or the system property {@value #PROPERTY}) holding a
 * point number N: at point N the JVM halts at once ({@link Runtime#halt}: no finally blocks, no
 * shutdown hooks, open files and connections dropped by the OS, exactly as {@code kill -9}). A
 * harness in the same JVM may arm it with {@link #arm} instead, to stop the apply thread by
 * throwing {@link Crash}, so it can run thousands of points without starting a JVM for each. Never
 * set {@value #ENV} outside a test.
 */
public final class CrashHook {
  /** The environment variable holding the point to halt at (a test hook, never for production). */
  public static final String ENV = "HARDMATCH_CRASH_AT";

  /** The system property equivalent of {@link #ENV}. */
  public static final String PROPERTY = "hardmatch.crashAt";

  /** The exit status of a halt at a crash point (that of a process killed by SIGKILL). */
  public static final int HALT_STATUS = 137;

  private static volatile Armed armed = fromEnvironment();

  private CrashHook() {}

  /** Thrown at the armed point when a harness armed it in-process ({@link #arm}). */
  public static final class Crash extends Error {
    private static final long serialVersionUID = 1L;

    Crash(long point, String where) {
      super("crash point " + point + " (" + where + ")", null, false, false);
    }
  }

  /** How a harness crashes at the armed point. */
  public enum Mode {
    /** {@link Runtime#halt}: the process dies as under {@code kill -9}. */
    HALT,
    /** Throws {@link Crash} on the thread that reached the point, and at every point after it. */
    THROW,
    /** Only counts the points (to learn how many a run has). */
    COUNT
  }

  private record Armed(long at, Mode mode, AtomicLong reached) {}

  private static Armed fromEnvironment() {
    String value = System.getProperty(PROPERTY);
    if (value == null) {
      value = System.getenv(ENV);
    }
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return new Armed(Long.parseLong(value.strip()), Mode.HALT, new AtomicLong());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A point apply reached; {@code where} names it (for the harness's messages). */
  public static void point(String where) {
    Armed a = armed;
    if (a == null) {
      return;
    }
    long n = a.reached().incrementAndGet();
    if (a.mode() == Mode.COUNT || n < a.at()) {
      return;
    }
    if (a.mode() == Mode.HALT) {
      Runtime.getRuntime().halt(HALT_STATUS);
    }
    // Every later point throws too: nothing the stopped run might still attempt gets through.
    throw new Crash(n, where);
  }

  /** Arms the hook in this JVM: the {@code at}-th point from now crashes as {@code mode} says. */
  public static synchronized void arm(long at, Mode mode) {
    armed = new Armed(at, mode, new AtomicLong());
  }

  /** Disarms it; returns how many points were reached since {@link #arm}. */
  public static synchronized long disarm() {
    Armed a = armed;
    armed = null;
    return a == null ? 0 : a.reached().get();
  }
}
