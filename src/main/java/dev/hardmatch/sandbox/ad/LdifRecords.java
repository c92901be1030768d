package dev.hardmatch.sandbox.ad;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import dev.hardmatch.Diagnostic;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Splits LDIF text into entry records and decodes them, remembering on which line each record and
 * each attribute starts. UnboundID's reader only knows a record's position, so the line-level
 * checks that users trip over most (a missing colon, bad Base64, a change record) are made here
 * first, each pointing at its own line.
 */
final class LdifRecords {

  /**
   * One decoded entry with where it came from: the line of each attribute's first value, as two
   * short arrays (names lower-cased, shared between entries) rather than a map per entry, which at
   * 500,000 entries cost half a gigabyte (docs/performance.md, "The sandbox at scale").
   */
  record Located(Entry entry, int line, String[] names, int[] lines) {
    /** The line of the attribute's first value, or the record's line. */
    int lineOf(String attribute) {
      String key = attribute.toLowerCase(Locale.ROOT);
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(key)) {
          return lines[i];
        }
      }
      return line;
    }

    /** The same lines without the entry, once something else holds it. */
    Located withoutEntry() {
      return new Located(null, line, names, lines);
    }
  }

  private static final Map<String, String> NAMES = new ConcurrentHashMap<>();

  private final String file;
  private final List<Located> entries = new ArrayList<>();
  private final List<Diagnostic> problems = new ArrayList<>();
  private boolean seenRecord;

  private LdifRecords(String file) {
    this.file = file;
  }

  /**
   * Parses LDIF text. Lines are found as offsets and made into strings only while their record is
   * decoded: at 500,000 entries, seven million line strings held from the split to their record
   * were most of what the collector copied (docs/performance.md, "The sandbox at scale").
   */
  static LdifRecords parse(String file, String text) {
    LdifRecords records = new LdifRecords(file);
    records.split(new Lines(text));
    return records;
  }

  /** The physical lines of a text, split at LF or CRLF, as offsets into it. */
  private static final class Lines {
    private final String text;
    // starts[i] is where line i begins; one more entry, one past the text's end, closes the last.
    private final int[] starts;

    Lines(String text) {
      this.text = text;
      int n = 1;
      for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
        n++;
      }
      starts = new int[n + 1];
      int line = 1;
      for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
        starts[line++] = i + 1;
      }
      starts[n] = text.length() + 1;
    }

    int size() {
      return starts.length - 1;
    }

    String get(int i) {
      return text.substring(starts[i], end(i));
    }

    boolean isEmpty(int i) {
      return end(i) == starts[i];
    }

    // Where line i ends: before its LF, and before a CR that precedes the LF.
    private int end(int i) {
      int end = starts[i + 1] - 1;
      if (end < text.length() && end > starts[i] && text.charAt(end - 1) == '\r') {
        end--;
      }
      return end;
    }
  }

  List<Located> entries() {
    return entries;
  }

  List<Diagnostic> problems() {
    return problems;
  }

  private void split(Lines physical) {
    // Records are found in one pass, then decoded side by side (docs/performance.md, "The sandbox
    // at scale"); entries and problems keep the file's order.
    List<int[]> blocks = new ArrayList<>();
    int from = -1;
    for (int i = 0; i <= physical.size(); i++) {
      boolean empty = i == physical.size() || physical.isEmpty(i);
      if (empty && from >= 0) {
        blocks.add(new int[] {from, i});
        from = -1;
      } else if (!empty && from < 0) {
        from = i;
      }
    }
    Decoded[] decoded = new Decoded[blocks.size()];
    int next = 0;
    // Up to the first record: only it may start with "version: 1".
    for (; next < blocks.size() && !seenRecord; next++) {
      decoded[next] = record(physical, blocks.get(next), true);
    }
    IntStream.range(next, blocks.size())
        .parallel()
        .forEach(b -> decoded[b] = record(physical, blocks.get(b), false));
    for (Decoded d : decoded) {
      if (d.entry != null) {
        entries.add(d.entry);
      }
      problems.addAll(d.problems);
    }
  }

  /** What one record gave: its entry, or its problems. */
  private static final class Decoded {
    Located entry;
    final List<Diagnostic> problems = new ArrayList<>(0);
  }

  private Decoded record(Lines physical, int[] block, boolean mayBeFirst) {
    List<String> lines = new ArrayList<>(block[1] - block[0]);
    List<Integer> numbers = new ArrayList<>(block[1] - block[0]);
    for (int i = block[0]; i < block[1]; i++) {
      lines.add(physical.get(i));
      numbers.add(i + 1);
    }
    Decoded out = new Decoded();
    record(lines, numbers, mayBeFirst, out);
    return out;
  }

  /** Unfolds continuation lines, drops comments, checks each logical line, then decodes. */
  private void record(
      List<String> physical, List<Integer> numbers, boolean mayBeFirst, Decoded out) {
    List<String> logical = new ArrayList<>();
    List<Integer> logicalNumbers = new ArrayList<>();
    boolean inComment = false;
    for (int i = 0; i < physical.size(); i++) {
      String line = physical.get(i);
      if (line.startsWith(" ")) {
        if (!inComment) {
          if (logical.isEmpty()) {
            problem(
                out,
                numbers.get(i),
                null,
                "a continuation line (starting with a space) has no line to continue",
                "remove the leading space");
            return;
          }
          int last = logical.size() - 1;
          logical.set(last, logical.get(last) + line.substring(1));
        }
        continue;
      }
      inComment = line.startsWith("#");
      if (!inComment) {
        logical.add(line);
        logicalNumbers.add(numbers.get(i));
      }
    }
    if (logical.isEmpty()) {
      return; // only comments
    }
    // A leading "version: 1" stands alone or shares the first record.
    boolean firstRecord = mayBeFirst && !seenRecord;
    if (mayBeFirst) {
      seenRecord = true;
    }
    if (firstRecord && logical.get(0).toLowerCase(Locale.ROOT).startsWith("version:")) {
      logical.remove(0);
      logicalNumbers.remove(0);
      if (logical.isEmpty()) {
        return;
      }
    }
    int start = logicalNumbers.get(0);
    List<String> names = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    for (int i = 0; i < logical.size(); i++) {
      String line = logical.get(i);
      int number = logicalNumbers.get(i);
      String[] m = attributeLine(line);
      if (m == null) {
        problem(
            out,
            number,
            null,
            "line is not 'attribute: value' (no colon after an attribute name): " + clip(line),
            "write 'name: value', 'name:: <base64>' for binary values, or continue the previous"
                + " line with a single leading space");
        return;
      }
      String name = m[0];
      String separator = m[1];
      String value = m[2];
      String key = name.toLowerCase(Locale.ROOT);
      if (i == 0 && !key.equals("dn")) {
        problem(
            out,
            number,
            name,
            "a record must start with 'dn:'",
            "begin each entry with its dn line and separate entries with an empty line");
        return;
      }
      if (key.equals("changetype") || key.equals("control")) {
        problem(
            out,
            number,
            name,
            "change records are not supported",
            "write plain entries (dn: and attributes), as an LDIF export gives");
        return;
      }
      if (separator.equals(":<")) {
        problem(
            out,
            number,
            name,
            "values read from a URL (':<') are not supported",
            "put the value in the file, Base64-encoded after '::'");
        return;
      }
      if (separator.equals("::")) {
        try {
          Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
          problem(
              out,
              number,
              name,
              "the value after '::' is not valid Base64",
              "Base64-encode the raw bytes, e.g. objectGUID:: fMa51PBTY0u4eEeZgM+xyA==");
          return;
        }
      }
      if (key.equals("dn")) {
        String dn = value.trim();
        if (separator.equals("::")) {
          dn = new String(Base64.getDecoder().decode(dn), StandardCharsets.UTF_8);
        }
        if (i != 0) {
          problem(
              out,
              number,
              name,
              "a second 'dn:' line inside one record",
              "separate entries with an empty line");
          return;
        }
        if (!DN.isValidDN(dn)) {
          problem(
              out,
              number,
              name,
              "not a valid distinguished name: " + clip(dn),
              "write it as e.g. CN=John Smith,OU=Staff,DC=corp,DC=example,DC=com, escaping , + \" \\ < > ; with a backslash");
          return;
        }
      }
      if (!names.contains(key)) {
        names.add(NAMES.computeIfAbsent(key, k -> k));
        lines.add(number);
      }
    }
    try {
      Entry entry = LDIFReader.decodeEntry(false, null, logical.toArray(new String[0]));
      out.entry =
          new Located(
              entry,
              start,
              names.toArray(new String[0]),
              lines.stream().mapToInt(Integer::intValue).toArray());
    } catch (LDIFException e) {
      problem(
          out,
          start,
          null,
          e.getExceptionMessage(false, false),
          "fix the entry starting on this line");
    }
  }

  /**
   * An attribute line's name, separator ({@code :}, {@code ::} or {@code :<}) and value; null when
   * the line is not {@code name<separator>value} with a name of letters, digits, {@code ;}, {@code
   * .} and {@code -} starting with a letter or digit (RFC 2849's attrval-spec). Hand-written: a
   * regular expression per line was a tenth of reading a 500,000-entry file.
   */
  static String[] attributeLine(String line) {
    int n = line.length();
    if (n == 0 || !letterOrDigit(line.charAt(0))) {
      return null;
    }
    int i = 1;
    while (i < n) {
      char c = line.charAt(i);
      if (!(letterOrDigit(c) || c == ';' || c == '.' || c == '-')) {
        break;
      }
      i++;
    }
    if (i >= n || line.charAt(i) != ':') {
      return null;
    }
    char next = i + 1 < n ? line.charAt(i + 1) : 0;
    String separator = next == ':' ? "::" : next == '<' ? ":<" : ":";
    return new String[] {line.substring(0, i), separator, line.substring(i + separator.length())};
  }

  private static boolean letterOrDigit(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private void problem(Decoded out, int line, String field, String message, String fix) {
    out.problems.add(new Diagnostic(file, line, 0, field, message, fix));
  }

  private static String clip(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
