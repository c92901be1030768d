package dev.hardmatch.tenant;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The tenant's hard-match takeover window: {@code
 * onPremisesSynchronization.features.blockCloudObjectTakeoverThroughHardMatchEnabled} false is
 * {@link #OPEN}, true is {@link #BLOCKED} (every hard match refused). Only a delegated sign-in can
 * read it; with an application credential it is {@link #UNKNOWN} (README, "Permissions").
 */
public enum HardMatchTakeover {
  OPEN,
  BLOCKED,
  UNKNOWN;

  /** The name in the plan file: open, blocked or unknown. */
  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** From the flag as read; null (not readable) is {@link #UNKNOWN}. */
  public static HardMatchTakeover ofBlockFlag(Boolean blocked) {
    if (blocked == null) {
      return UNKNOWN;
    }
    return blocked ? BLOCKED : OPEN;
  }
}
