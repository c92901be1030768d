package dev.hardmatch.apply;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.util.Messages;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --max-age} values: {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}, or ISO {@code
 * PT24H}.
 */
public final class DurationParser {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*([smhdw])");

  /** Longer than any plan can sensibly wait for review (and far from Duration's overflow). */
  static final Duration MAX = Duration.ofDays(3650);

  private DurationParser() {}

  private static HardmatchException tooLong(String text, String option) {
    return new HardmatchException(
        HardmatchException.Code.USAGE,
        option + " '" + Messages.clip(text) + "' is longer than 3650d (ten years)",
        "give a duration such as 24h or 7d; plans older than that are refused anyway");
  }

  public static Duration parse(String text) {
    return parse(text, "--max-age");
  }

  /** As {@link #parse(String)}, naming {@code option} in errors. */
  public static Duration parse(String text, String option) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SIMPLE.matcher(s);
    if (m.matches()) {
      try {
        long n = Long.parseLong(m.group(1));
        Duration d =
            switch (m.group(2)) {
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              case "d" -> Duration.ofDays(n);
              default -> Duration.ofDays(Math.multiplyExact(7, n));
            };
        if (d.compareTo(MAX) > 0) {
          throw tooLong(text, option);
        }
        return d;
      } catch (NumberFormatException | ArithmeticException tooLarge) {
        throw tooLong(text, option);
      }
    }
    try {
      Duration d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
      if (d.compareTo(MAX) > 0) {
        throw tooLong(text, option);
      }
      return d;
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new HardmatchException(
          HardmatchException.Code.USAGE,
          option + " '" + Messages.clip(text) + "' is not a duration",
          "give e.g. 90m, 24h, 7d or 2w");
    }
  }

  /** Compact, for messages: {@code 3d 4h}, {@code 25m}, {@code 12s}. */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    long days = d.toDays();
    long hours = d.toHoursPart();
    long minutes = d.toMinutesPart();
    long seconds = d.toSecondsPart();
    StringBuilder sb = new StringBuilder();
    if (days > 0) {
      sb.append(days).append("d ");
    }
    if (hours > 0) {
      sb.append(hours).append("h ");
    }
    if (minutes > 0 && days == 0) {
      sb.append(minutes).append("m ");
    }
    if (seconds > 0 && days == 0 && hours == 0) {
      sb.append(seconds).append("s ");
    }
    return sb.length() == 0 ? "0s" : sb.toString().trim();
  }
}
