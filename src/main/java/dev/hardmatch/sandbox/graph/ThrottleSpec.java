package dev.hardmatch.sandbox.graph;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.HardmatchException.Code;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throttling limits of the emulator: token buckets refilled continuously.
 *
 * <p>Text form: comma-separated {@code name=COUNT/WINDOW} entries, where {@code name} is {@code
 * requests} (every Graph operation: each plain HTTP request and each {@code $batch} item; the
 * {@code $batch} envelope itself is free) or {@code writes} (PATCH, DELETE and POST operations,
 * which also take a {@code requests} token), and {@code WINDOW} is a number followed by {@code ms},
 * {@code s} or {@code m}. Examples: {@code requests=2000/10s,writes=300/10s}, {@code
 * requests=5/1m}. {@code none} (or an empty string) means no throttling. {@link #GRAPH} is shaped
 * on Graph's documented identity limits for a small tenant (3,500 resource units per 10 s at ~2
 * units a read, 3,000 writes per 2.5 minutes).
 *
 * <p>A bucket holds at most COUNT tokens and starts full; an operation that finds a bucket empty
 * gets 429 with {@code Retry-After} = whole seconds until the next token (at least 1).
 *
 * @param requests limit for all operations, null = unlimited
 * @param writes limit for write operations, null = unlimited
 */
public record ThrottleSpec(Limit requests, Limit writes) {

  /** COUNT operations per WINDOW. */
  public record Limit(int count, Duration window) {
    public Limit {
      if (count < 1 || window.isZero() || window.isNegative()) {
        throw new IllegalArgumentException("a limit needs count >= 1 and a positive window");
      }
    }

    @Override
    public String toString() {
      long ms = window.toMillis();
      String w =
          ms % 60_000 == 0 ? ms / 60_000 + "m" : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
      return count + "/" + w;
    }
  }

  public static final ThrottleSpec NONE = new ThrottleSpec(null, null);

  public static final ThrottleSpec GRAPH =
      new ThrottleSpec(
          new Limit(1750, Duration.ofSeconds(10)), new Limit(3000, Duration.ofSeconds(150)));

  private static final Pattern ENTRY =
      Pattern.compile("\\s*(requests|writes)\\s*=\\s*(\\d+)\\s*/\\s*(\\d+)\\s*(ms|s|m)\\s*");

  /** Parses the text form; anything else is a usage error that shows the expected form. */
  public static ThrottleSpec parse(String text) {
    if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) {
      return NONE;
    }
    if (text.trim().equalsIgnoreCase("graph")) {
      return GRAPH;
    }
    Limit requests = null;
    Limit writes = null;
    for (String part : text.split(",", -1)) {
      Matcher m = ENTRY.matcher(part.toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw usage(text, "'" + part.trim() + "' is not name=COUNT/WINDOW");
      }
      long count = Long.parseLong(m.group(2));
      long amount = Long.parseLong(m.group(3));
      if (count < 1 || count > Integer.MAX_VALUE || amount < 1) {
        throw usage(text, "count and window must be at least 1 in '" + part.trim() + "'");
      }
      Duration window =
          switch (m.group(4)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
          };
      Limit limit = new Limit((int) count, window);
      if (m.group(1).equals("requests")) {
        if (requests != null) {
          throw usage(text, "'requests' is given twice");
        }
        requests = limit;
      } else {
        if (writes != null) {
          throw usage(text, "'writes' is given twice");
        }
        writes = limit;
      }
    }
    return new ThrottleSpec(requests, writes);
  }

  private static HardmatchException usage(String text, String what) {
    return new HardmatchException(
        Code.USAGE,
        "invalid throttle spec '" + text + "': " + what,
        "write e.g. requests=2000/10s,writes=300/10s (windows in ms, s or m), 'graph' or 'none'");
  }

  @Override
  public String toString() {
    if (requests == null && writes == null) {
      return "none";
    }
    StringBuilder sb = new StringBuilder();
    if (requests != null) {
      sb.append("requests=").append(requests);
    }
    if (writes != null) {
      sb.append(sb.length() > 0 ? "," : "").append("writes=").append(writes);
    }
    return sb.toString();
  }
}
