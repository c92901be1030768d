package dev.hardmatch.util;

/**
 * Makes text from input files and servers safe to print on a terminal (see README, "Threat model"):
 * control, bidirectional-override and zero-width characters are shown escaped ({@code \x00}, {@code
 * \u202E}) instead of acting on the terminal, a value longer than {@value #MAX_VALUE} characters is
 * cut there with "…", and a whole line is cut at {@value #MAX_LINE}.
 */
public final class Messages {
  /** The longest run of non-blank characters (one value, e.g. a UPN) shown whole. */
  public static final int MAX_VALUE = 200;

  /** The longest line shown whole. */
  public static final int MAX_LINE = 2000;

  private Messages() {}

  /** A single value for a message: escaped and at most {@value #MAX_VALUE} characters. */
  public static String clip(String value) {
    if (value == null) {
      return null;
    }
    String s = value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) + "…" : value;
    return escape(s);
  }

  /**
   * A line (or several) for the terminal: each line escaped, every value over {@value #MAX_VALUE}
   * characters cut, and each line cut at {@value #MAX_LINE}.
   */
  public static String safe(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LINE + 16));
    int run = 0;
    int line = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\n') {
        out.append('\n');
        run = 0;
        line = 0;
        continue;
      }
      run = Character.isWhitespace(cp) ? 0 : run + 1;
      line++;
      if (run == MAX_VALUE + 1 || line == MAX_LINE + 1) {
        out.append('…');
      }
      if (run > MAX_VALUE || line > MAX_LINE) {
        continue;
      }
      appendEscaped(out, cp);
    }
    return out.toString();
  }

  /** Escapes what {@link #isUnsafe} finds; nothing is cut. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> appendEscaped(out, cp));
    return out.toString();
  }

  private static void appendEscaped(StringBuilder out, int cp) {
    if (!isUnsafe(cp) || cp == '\n') {
      out.appendCodePoint(cp);
    } else if (cp < 0x100) {
      out.append(String.format("\\x%02X", cp));
    } else {
      out.append(String.format("\\u%04X", cp));
    }
  }

  /**
   * Control characters (C0 but tab and newline, DEL, C1), bidirectional controls (U+061C, U+200E,
   * U+200F, U+202A–U+202E, U+2066–U+2069) and zero-width or invisible formatting characters
   * (U+200B–U+200D, U+2060, U+FEFF): what can hide or reorder text on a terminal.
   */
  public static boolean isUnsafe(int cp) {
    if (cp == '\t' || cp == '\n') {
      return false;
    }
    return cp < 0x20
        || (cp >= 0x7F && cp < 0xA0)
        || cp == 0x061C
        || (cp >= 0x200B && cp <= 0x200F)
        || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2060 && cp <= 0x2069)
        || cp == 0xFEFF;
  }
}
