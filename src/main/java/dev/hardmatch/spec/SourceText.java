package dev.hardmatch.spec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The links file decoded as strict UTF-8, split into lines the way SnakeYAML counts them (so its
 * marks and our excerpts agree), with the spans that must never be echoed (secret values) masked.
 */
final class SourceText {
  /** Longest excerpt shown; a longer line is cut to a window around the column. */
  private static final int EXCERPT_WIDTH = 160;

  private final String text;
  private final List<String> lines;
  private final List<int[]> masks = new ArrayList<>(); // {line, fromColumn, toLine, toColumn}

  private SourceText(String text) {
    this.text = text;
    this.lines = splitLines(text);
  }

  /**
   * Decodes strictly: the first byte that is not UTF-8 becomes a finding naming its line and
   * column, and null is returned. A UTF-8 byte order mark is dropped.
   */
  static SourceText decode(byte[] raw, Findings findings) {
    if (isUtf16(raw)) {
      findings.add(
          Loc.START,
          "",
          "the file is UTF-16, hardmatch reads UTF-8",
          "save it as UTF-8 (in most editors: File › Save with encoding › UTF-8)");
      return null;
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(raw);
    CharBuffer out = CharBuffer.allocate(raw.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      findings.add(
          locOfByte(raw, offset),
          "",
          String.format(
              "byte 0x%02X is not valid UTF-8 (the first such byte in the file)",
              raw[offset] & 0xff),
          "save the file as UTF-8; it was probably written as Latin-1 or Windows-1252");
      return null;
    }
    out.flip();
    String text = out.toString();
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return new SourceText(text);
  }

  /** A UTF-16 byte order mark, either way round. */
  static boolean isUtf16(byte[] raw) {
    return raw.length >= 2
        && ((raw[0] == (byte) 0xFE && raw[1] == (byte) 0xFF)
            || (raw[0] == (byte) 0xFF && raw[1] == (byte) 0xFE));
  }

  /** Decodes leniently (bad bytes become U+FFFD): only for showing excerpts of a bad file. */
  static SourceText lenient(byte[] raw) {
    String text = new String(raw, StandardCharsets.UTF_8);
    return new SourceText(text.startsWith("\uFEFF") ? text.substring(1) : text);
  }

  /** For a string already in memory (tests). */
  static SourceText of(String text) {
    return new SourceText(text);
  }

  String text() {
    return text;
  }

  /** The 1-based line, without its line break; null when out of range. */
  String line(int line) {
    return line >= 1 && line <= lines.size() ? lines.get(line - 1) : null;
  }

  int lineCount() {
    return lines.size();
  }

  /** Never show the text between these two positions (end exclusive) in an excerpt. */
  void mask(Loc from, Loc to) {
    masks.add(new int[] {from.line(), from.column(), to.line(), to.column()});
  }

  /** Where a tab is part of a line's indentation: YAML forbids that in block structure. */
  List<Loc> indentationTabs() {
    List<Loc> tabs = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      for (int c = 0; c < l.length(); c++) {
        char ch = l.charAt(c);
        if (ch == '\t') {
          tabs.add(new Loc(i + 1, c + 1));
          break;
        }
        if (ch != ' ' && ch != '-') {
          break;
        }
      }
    }
    return tabs;
  }

  /** At most this many lines are reported for characters YAML does not allow. */
  static final int MAX_NON_PRINTABLE_LINES = 20;

  /**
   * Characters YAML does not allow in a stream (control characters other than tab and line breaks,
   * lone surrogates, U+FFFE/U+FFFF): the first on each line, on at most {@link
   * #MAX_NON_PRINTABLE_LINES} lines. A binary file is all of them: one finding per character, each
   * with its line's excerpt, took minutes for a file of a few megabytes of NUL bytes.
   */
  void findNonPrintable(Findings findings) {
    int reported = 0;
    for (int i = 0; i < lines.size() && reported < MAX_NON_PRINTABLE_LINES; i++) {
      String l = lines.get(i);
      int col = 1;
      for (int k = 0; k < l.length(); ) {
        int cp = l.codePointAt(k);
        if (!printable(cp)) {
          findings.add(
              new Loc(i + 1, col),
              "",
              String.format("the character U+%04X is not allowed in a YAML file", cp),
              "remove it (it is invisible in most editors; it often comes from copy and paste)");
          reported++;
          break;
        }
        k += Character.charCount(cp);
        col++;
      }
    }
  }

  private static boolean printable(int cp) {
    return cp == '\t'
        || (cp >= 0x20 && cp <= 0x7E)
        || cp == 0x85
        || (cp >= 0xA0 && cp <= 0xD7FF)
        || (cp >= 0xE000 && cp <= 0xFFFD)
        || (cp >= 0x10000 && cp <= 0x10FFFF);
  }

  /**
   * The source line at {@code loc} and a caret under its column, like compilers print; masked spans
   * appear as asterisks. Null when the line does not exist.
   */
  String excerpt(Loc loc) {
    String l = line(loc.line());
    if (l == null || l.isBlank()) {
      return null;
    }
    int[] cps = l.codePoints().toArray();
    for (int[] m : masks) {
      if (loc.line() < m[0] || loc.line() > m[2]) {
        continue;
      }
      int from = loc.line() == m[0] ? m[1] - 1 : 0;
      int to = loc.line() == m[2] ? m[3] - 1 : cps.length;
      for (int k = Math.max(0, from); k < Math.min(cps.length, to); k++) {
        if (cps[k] != ' ' && cps[k] != '\t') {
          cps[k] = '*';
        }
      }
    }
    int col = Math.max(1, Math.min(loc.column(), cps.length + 1));
    int start = 0;
    int end = cps.length;
    if (cps.length > EXCERPT_WIDTH) {
      start = Math.max(0, col - 1 - EXCERPT_WIDTH / 2);
      end = Math.min(cps.length, start + EXCERPT_WIDTH);
    }
    StringBuilder shown = new StringBuilder();
    StringBuilder caret = new StringBuilder();
    if (start > 0) {
      shown.append('…');
      caret.append(' ');
    }
    for (int k = start; k < end; k++) {
      // Control characters would garble the terminal: show a replacement character instead.
      shown.appendCodePoint(cps[k] != '\t' && (cps[k] < 0x20 || cps[k] == 0x7f) ? 0xFFFD : cps[k]);
      if (k < col - 1) {
        // Keep tabs so the caret lines up however the terminal expands them.
        caret.append(cps[k] == '\t' ? '\t' : ' ');
      }
    }
    if (end < cps.length) {
      shown.append('…');
    }
    caret.append('^');
    return shown + "\n" + caret;
  }

  /** Line breaks as SnakeYAML counts them: LF, CR LF, a lone CR, NEL, LS and PS. */
  private static List<String> splitLines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        out.add(text.substring(start, i));
        start = i + 1;
      } else if (c == '\r') {
        out.add(text.substring(start, i));
        if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    out.add(text.substring(start));
    return out;
  }

  /** Line and column (in characters) of a byte offset, counting only the valid bytes before it. */
  private static Loc locOfByte(byte[] raw, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (raw[i] == '\n' || (raw[i] == '\r' && (i + 1 >= raw.length || raw[i + 1] != '\n'))) {
        line++;
        lineStart = i + 1;
      }
    }
    String before = new String(raw, lineStart, offset - lineStart, StandardCharsets.UTF_8);
    if (line == 1 && before.startsWith("\uFEFF")) {
      before = before.substring(1);
    }
    return new Loc(line, before.codePointCount(0, before.length()) + 1);
  }
}
