package dev.hardmatch.apply;

import dev.hardmatch.util.Messages;

/**
 * One reason a gate refuses to apply a plan, printed as {@code refused[CODE] subject: message:
 * expected … observed …}. {@code expected} and {@code observed} may be null when there is nothing
 * to compare.
 */
public record Refusal(Code code, String subject, String message, String expected, String observed) {

  /** Stable codes, one per gate (docs/apply.md). */
  public enum Code {
    /** The plan is not schema-valid or its digest does not match its body. */
    TAMPERED,
    /** The plan (or its links file) is not tracked by git or differs from its blob at HEAD. */
    NOT_COMMITTED,
    /** The links file the plan came from changed since planning. */
    SOURCE_CHANGED,
    /** {@code --skip-git-check} asked for against a tenant that is not the loopback sandbox. */
    GIT_CHECK_REQUIRED,
    /** HEAD is not the branch {@code --require-branch} names. */
    WRONG_BRANCH,
    /** The plan is older than {@code --max-age}. */
    PLAN_TOO_OLD,
    /** The tenant answering is not the one the plan was made for. */
    WRONG_TENANT,
    /** The links file points at another directory than the one planned against. */
    WRONG_DIRECTORY,
    /** An object no longer looks as the plan expects (and its end state is not reached yet). */
    STALE_PLAN,
    /** Another apply of this plan holds its lock. */
    LOCKED,
    /**
     * An action the planner's rules would not produce now from the committed links file and the
     * live state (or a plan whose links, statuses or summary disagree with its actions).
     */
    UNPLANNABLE,
    /** unlink: the plan has no journal recording what apply did. */
    NO_JOURNAL,
    /** unlink: a sync cycle has already matched the link (the target is synced). */
    SYNC_MATCHED
  }

  public static Refusal of(Code code, String subject, String message) {
    return new Refusal(code, subject, message, null, null);
  }

  public static Refusal of(
      Code code, String subject, String message, Object expected, Object observed) {
    return new Refusal(code, subject, message, show(expected), show(observed));
  }

  /** The line printed on stderr. */
  public String format() {
    StringBuilder sb = new StringBuilder("refused[").append(code).append("] ");
    sb.append(subject).append(": ").append(message);
    if (expected != null || observed != null) {
      sb.append(": expected ").append(expected).append(", observed ").append(observed);
    }
    return Messages.safe(sb.toString());
  }

  private static String show(Object value) {
    if (value == null) {
      return "none";
    }
    return value instanceof String s ? s : String.valueOf(value);
  }
}
