package dev.hardmatch.cli;

import dev.hardmatch.plan.PlanFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text output that fits the terminal (issue 12): a line wider than the terminal is broken at spaces
 * only, continuing indented under itself, so an identifier — a UPN, a GUID, an ImmutableId, a DN
 * with spaces in it, a quoted value — is never cut; one longer than the terminal stays whole on its
 * own line. Only for a terminal: the launcher sets {@value #COLUMNS_ENV} when stdout is one (and
 * {@link Main#main} does with a console), so redirected output, golden files and CI logs are never
 * wrapped.
 */
final class TerminalText {
  /** The terminal's width in columns; unset or not a number: no wrapping. */
  static final String COLUMNS_ENV = "HARDMATCH_COLUMNS";

  /** When stdout is a terminal of unknown width. */
  static final int DEFAULT_COLUMNS = 100;

  /** Narrower than this is not worth wrapping to. */
  private static final int MIN_COLUMNS = 20;

  private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");

  /** A DN (RDN values may hold spaces) or a quoted value: spaces inside never break. */
  private static final Pattern UNBREAKABLE =
      Pattern.compile(
          "(?:[A-Za-z][A-Za-z0-9-]*=[^,=\\n]*?,)+[A-Za-z][A-Za-z0-9-]*=[^,\\s:]+|\"[^\"\\n]*\"");

  private TerminalText() {}

  /** The width to wrap at, or 0 for none. */
  static int columns(CliContext ctx) {
    String v = ctx.env(COLUMNS_ENV);
    if (v == null) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v.strip());
      return n >= MIN_COLUMNS ? n : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** For {@link Main#main} on a console: {@code COLUMNS} when the shell exports it, else 100. */
  static String consoleColumns(String columnsEnv) {
    try {
      int n = Integer.parseInt(columnsEnv == null ? "" : columnsEnv.strip());
      return String.valueOf(n >= MIN_COLUMNS ? n : DEFAULT_COLUMNS);
    } catch (NumberFormatException e) {
      return String.valueOf(DEFAULT_COLUMNS);
    }
  }

  /** A plan rendered as {@code format}, wrapped when that is text on a terminal. */
  static String fit(CliContext ctx, PlanFormat format, String rendered) {
    return format == PlanFormat.TEXT ? wrap(rendered, columns(ctx)) : rendered;
  }

  /** Each line of {@code text} broken at spaces to at most {@code width} columns (0: as it is). */
  static String wrap(String text, int width) {
    if (width <= 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 64);
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl;
      wrapLine(text.substring(start, end), width, out);
      if (nl >= 0) {
        out.append('\n');
      }
      start = end + 1;
    }
    return out.toString();
  }

  private static void wrapLine(String line, int width, StringBuilder out) {
    if (visible(line) <= width) {
      out.append(line);
      return;
    }
    int indent = 0;
    while (indent < line.length() && line.charAt(indent) == ' ') {
      indent++;
    }
    String more = " ".repeat(Math.min(indent + 2, width / 3));
    List<String> words = words(line.substring(indent));
    StringBuilder cur = new StringBuilder(" ".repeat(indent));
    boolean empty = true;
    for (String w : words) {
      if (!empty && visible(cur) + 1 + visible(w) > width) {
        out.append(cur.toString().stripTrailing()).append('\n');
        cur = new StringBuilder(more);
        empty = true;
      }
      if (!empty) {
        cur.append(' ');
      }
      cur.append(w);
      empty = false;
    }
    out.append(cur);
  }

  /** The line split at its breakable spaces (runs of spaces kept inside a word). */
  private static List<String> words(String s) {
    boolean[] keep = new boolean[s.length()];
    // Colour codes become as many NULs, so positions in the pattern's view are positions in s.
    String plain = ANSI.matcher(s).replaceAll(c -> "\u0000".repeat(c.group().length()));
    Matcher m = UNBREAKABLE.matcher(plain);
    while (m.find()) {
      for (int i = m.start(); i < m.end(); i++) {
        keep[i] = true;
      }
    }
    List<String> words = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ' ' && !keep[i] && (i + 1 < s.length() && s.charAt(i + 1) != ' ')) {
        if (i > from) {
          words.add(s.substring(from, i));
          from = i + 1;
        }
      }
    }
    words.add(s.substring(from));
    return words;
  }

  private static int visible(CharSequence s) {
    String plain = ANSI.matcher(s).replaceAll("");
    return plain.codePointCount(0, plain.length());
  }
}
