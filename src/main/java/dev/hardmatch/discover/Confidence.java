package dev.hardmatch.discover;

import java.util.Locale;

/** How sure a proposal is; the order is from strongest to weakest. */
public enum Confidence {
  /** Exact identifiers agree (UPN, primary SMTP, proxy address, employeeId), nothing competes. */
  HIGH,
  /** A unique name match, or exact identifiers with a doubt (e.g. the names differ). */
  MEDIUM,
  /** Anything else: ambiguous, privileged target, contradicting identifiers. */
  LOW;

  /** The lower-case name used on the command line and in every output. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this is at least as strong as {@code min}. */
  public boolean atLeast(Confidence min) {
    return ordinal() <= min.ordinal();
  }
}
