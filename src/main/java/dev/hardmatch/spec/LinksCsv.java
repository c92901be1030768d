package dev.hardmatch.spec;

import dev.hardmatch.Diagnostic;
import dev.hardmatch.HardmatchException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the spreadsheet admins already have: a CSV with a header naming {@code sam}, {@code upn}
 * and optionally {@code adUpn} (any order, any case), UTF-8 with or without a byte order mark,
 * comma or semicolon separated (as Excel writes it in many locales), CRLF or LF. The columns {@code
 * confidence}, {@code evidence} and {@code duplicate} that {@code discover --format csv} adds are
 * read and ignored. Every problem is reported at once as {@code file:line}.
 */
public final class LinksCsv {
  /** The columns a link needs, then the optional one. */
  public static final List<String> COLUMNS = List.of("sam", "upn", "adUpn");

  /** Columns discover writes for the reviewer; import ignores them. */
  public static final List<String> INFORMATIONAL = List.of("confidence", "evidence", "duplicate");

  private LinksCsv() {}

  /** One row: {@code adUpn} is null when the column is absent or the cell empty. */
  public record Row(int line, String sam, String upn, String adUpn, String text) {}

  /** One record of the file: its fields, the line it starts on and its text. */
  private record Record(int line, List<String> fields, String text) {}

  /** Parses the whole file or throws {@link HardmatchException#invalidInput} with every problem. */
  public static List<Row> parse(byte[] raw, String file) {
    List<Diagnostic> errors = new ArrayList<>();
    String text = decode(raw, file, errors);
    if (text == null) {
      throw HardmatchException.invalidInput(errors);
    }
    List<Record> records = records(text, separator(text), file, errors);
    if (records.isEmpty()) {
      errors.add(
          new Diagnostic(
              file,
              1,
              0,
              null,
              "the file is empty",
              "start with a header line naming the columns: sam,upn[,adUpn]"));
      throw HardmatchException.invalidInput(errors);
    }
    Map<String, Integer> columns = header(records.get(0), file, errors);
    List<Row> rows = new ArrayList<>();
    if (columns != null) {
      for (Record r : records.subList(1, records.size())) {
        Row row = row(r, columns, records.get(0).fields().size(), file, errors);
        if (row != null) {
          rows.add(row);
        }
      }
    }
    if (!errors.isEmpty()) {
      throw HardmatchException.invalidInput(errors);
    }
    return rows;
  }

  private static String decode(byte[] raw, String file, List<Diagnostic> errors) {
    if (SourceText.isUtf16(raw)) {
      errors.add(
          new Diagnostic(
              file,
              1,
              0,
              null,
              "the file is UTF-16, hardmatch reads UTF-8",
              "save it as 'CSV UTF-8' (Excel: File › Save As › CSV UTF-8)"));
      return null;
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      // Report where: the line of the first byte that is not UTF-8.
      String lenient = new String(raw, StandardCharsets.UTF_8);
      int bad = lenient.indexOf('\uFFFD');
      int line =
          1 + (int) lenient.substring(0, Math.max(0, bad)).chars().filter(c -> c == '\n').count();
      errors.add(
          new Diagnostic(
              file,
              line,
              0,
              null,
              "the file is not UTF-8 (probably Windows-1252 or Latin-1)",
              "save it as 'CSV UTF-8' (Excel: File › Save As › CSV UTF-8)"));
      return null;
    }
  }

  /** Semicolon when the header has one outside quotes and no comma; else comma. */
  private static char separator(String text) {
    int end = text.indexOf('\n');
    String header = end < 0 ? text : text.substring(0, end);
    boolean quoted = false;
    int commas = 0;
    int semicolons = 0;
    for (char c : header.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == ',') {
        commas++;
      } else if (!quoted && c == ';') {
        semicolons++;
      }
    }
    return semicolons > commas ? ';' : ',';
  }

  /** RFC 4180 records; a quoted field may hold separators, quotes ("") and line breaks. */
  private static List<Record> records(String text, char sep, String file, List<Diagnostic> errors) {
    List<Record> out = new ArrayList<>();
    int line = 1;
    int i = 0;
    int n = text.length();
    while (i < n) {
      int start = line;
      int from = i;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      boolean wasQuoted = false;
      boolean ended = false;
      while (i < n && !ended) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < n && text.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
            continue;
          }
          if (c == '"') {
            quoted = false;
          } else {
            if (c == '\n') {
              line++;
            }
            field.append(c);
          }
          i++;
          continue;
        }
        if (c == '"' && field.toString().isBlank() && !wasQuoted) {
          quoted = true;
          wasQuoted = true;
          field.setLength(0);
        } else if (c == sep) {
          fields.add(wasQuoted ? field.toString() : field.toString().strip());
          field.setLength(0);
          wasQuoted = false;
        } else if (c == '\r' || c == '\n') {
          ended = true;
          if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
            i++;
          }
          line++;
        } else if (wasQuoted && !Character.isWhitespace(c)) {
          errors.add(
              new Diagnostic(
                  file,
                  line,
                  0,
                  null,
                  "text after the closing quote of a field",
                  "put the whole field in quotes and double quotes inside it (\"\")"));
          wasQuoted = false;
          field.append(c);
        } else if (!wasQuoted) {
          field.append(c);
        }
        i++;
      }
      if (quoted) {
        errors.add(
            new Diagnostic(
                file, start, 0, null, "a quote opened on this line is never closed", "close it"));
      }
      fields.add(wasQuoted ? field.toString() : field.toString().strip());
      String recordText = text.substring(from, i).stripTrailing();
      if (fields.stream().anyMatch(f -> !f.isEmpty())) {
        out.add(new Record(start, fields, recordText)); // blank and all-empty rows are skipped
      }
    }
    return out;
  }

  private static Map<String, Integer> header(Record h, String file, List<Diagnostic> errors) {
    Map<String, Integer> columns = new HashMap<>();
    int before = errors.size();
    boolean anyKnown =
        h.fields().stream()
            .anyMatch(
                f ->
                    COLUMNS.stream().anyMatch(f::equalsIgnoreCase)
                        || INFORMATIONAL.stream().anyMatch(f::equalsIgnoreCase));
    if (!anyKnown) {
      errors.add(
          new Diagnostic(
              file,
              h.line(),
              0,
              null,
              "the first line is not a header (it names none of the columns sam, upn, adUpn)",
              "insert the header line sam,upn[,adUpn] above the first row"));
      return null;
    }
    for (int k = 0; k < h.fields().size(); k++) {
      String name = h.fields().get(k);
      String known = null;
      for (String c : COLUMNS) {
        known = c.equalsIgnoreCase(name) ? c : known;
      }
      for (String c : INFORMATIONAL) {
        known = c.equalsIgnoreCase(name) ? c : known;
      }
      if (known == null) {
        errors.add(
            new Diagnostic(
                file,
                h.line(),
                0,
                null,
                "unknown column '" + name + "'",
                "the first line must be the header: sam,upn[,adUpn] (discover's confidence,"
                    + " evidence and duplicate are ignored)"));
      } else if (columns.putIfAbsent(known, k) != null) {
        errors.add(
            new Diagnostic(
                file, h.line(), 0, null, "the column '" + name + "' is named twice", "keep one"));
      }
    }
    for (String required : List.of("sam", "upn")) {
      if (!columns.containsKey(required) && errors.size() == before) {
        errors.add(
            new Diagnostic(
                file,
                h.line(),
                0,
                null,
                "the header has no '" + required + "' column",
                "the first line must be the header: sam,upn[,adUpn]"));
      }
    }
    return errors.size() == before ? columns : null;
  }

  private static Row row(
      Record r, Map<String, Integer> columns, int width, String file, List<Diagnostic> errors) {
    if (r.fields().size() != width) {
      errors.add(
          new Diagnostic(
              file,
              r.line(),
              0,
              null,
              "the row has " + r.fields().size() + " fields, the header " + width,
              "give every row the header's columns; quote a value that contains the separator"));
      return null;
    }
    String sam = r.fields().get(columns.get("sam"));
    String upn = r.fields().get(columns.get("upn"));
    String adUpn = columns.containsKey("adUpn") ? r.fields().get(columns.get("adUpn")) : "";
    boolean ok = true;
    for (String[] f : new String[][] {{"sam", sam}, {"upn", upn}}) {
      if (f[1].isEmpty()) {
        errors.add(
            new Diagnostic(file, r.line(), 0, f[0], "is empty", "give a value, or delete the row"));
        ok = false;
      }
    }
    if (adUpn.equalsIgnoreCase("match") || adUpn.equalsIgnoreCase("keep")) {
      adUpn = adUpn.toLowerCase(Locale.ROOT);
    } else if (!adUpn.isEmpty()) {
      errors.add(
          new Diagnostic(
              file,
              r.line(),
              0,
              "adUpn",
              "'" + adUpn + "' is not a valid value",
              "allowed: match, keep, or empty"));
      ok = false;
    }
    return ok ? new Row(r.line(), sam, upn, adUpn.isEmpty() ? null : adUpn, r.text()) : null;
  }
}
