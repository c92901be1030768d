package dev.hardmatch.spec;

import dev.hardmatch.Diagnostic;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.util.AtomicFiles;
import dev.hardmatch.util.BoundedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Adds the rows of a CSV to a links file: every row checked (duplicates within the CSV and against
 * the file, and every rule a links file has) before anything is written, the file's comments and
 * order kept, the result written in one atomic step. Errors name the CSV's {@code file:line}.
 */
public final class LinksImport {
  /** CSV files larger than this are refused before reading (80,000 rows fit in far less). */
  public static final long MAX_BYTES = 20L * 1024 * 1024;

  private LinksImport() {}

  /** What an import did. */
  public record Result(int added, int total) {}

  /** Imports {@code csv} into {@code into}; names them as the user typed them in messages. */
  public static Result run(Path csv, String csvName, Path into, String intoName) {
    LinksFile links = LinksLoader.loadAllowingNoLinks(into, intoName);
    List<LinksCsv.Row> rows = LinksCsv.parse(read(csv, csvName), csvName);
    if (rows.isEmpty()) {
      throw HardmatchException.invalidInput(
          List.of(
              new Diagnostic(
                  csvName, 1, 0, null, "the CSV has a header but no rows", "add the links")));
    }
    duplicates(rows, links, csvName, intoName);
    String text = new String(readLinks(into, intoName), StandardCharsets.UTF_8);
    List<LinksEditor.Entry> entries = new ArrayList<>();
    for (LinksCsv.Row r : rows) {
      entries.add(new LinksEditor.Entry(List.of(), r.sam(), r.upn(), r.adUpn(), true));
    }
    LinksEditor.Edit edit = LinksEditor.append(text, entries);
    byte[] result = edit.text().getBytes(StandardCharsets.UTF_8);
    LinksFile merged;
    try {
      merged = LinksLoader.parse(result, into, intoName);
    } catch (HardmatchException e) {
      throw e.code() == HardmatchException.Code.INVALID_INPUT
          ? HardmatchException.invalidInput(toCsv(e.diagnostics(), edit.lines(), rows, csvName))
          : e;
    }
    AtomicFiles.write(into, intoName, result);
    return new Result(rows.size(), merged.links().size());
  }

  /** A sam or UPN twice in the CSV, or already linked in the file (ignoring case, as AD does). */
  private static void duplicates(
      List<LinksCsv.Row> rows, LinksFile links, String csvName, String intoName) {
    List<Diagnostic> errors = new ArrayList<>();
    Map<String, String> inFile = new HashMap<>();
    for (LinksFile.Link l : links.links()) {
      inFile.put("sam " + lower(l.sam()), intoName + ":" + l.line());
      inFile.put("upn " + lower(l.upn()), intoName + ":" + l.line());
    }
    Map<String, Integer> seen = new HashMap<>();
    for (LinksCsv.Row r : rows) {
      for (String[] f : new String[][] {{"sam", r.sam()}, {"upn", r.upn()}}) {
        String key = f[0] + " " + lower(f[1]);
        String where = inFile.get(key);
        Integer first = seen.putIfAbsent(key, r.line());
        if (where != null) {
          errors.add(
              new Diagnostic(
                  csvName,
                  r.line(),
                  0,
                  f[0],
                  "'" + f[1] + "' is already linked in " + where,
                  "delete the row, or change the link in the links file"));
        } else if (first != null) {
          errors.add(
              new Diagnostic(
                  csvName,
                  r.line(),
                  0,
                  f[0],
                  "'" + f[1] + "' is also on line " + first + " (compared ignoring case)",
                  "keep one of the two rows"));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw HardmatchException.invalidInput(errors);
    }
  }

  /** The merged file's complaints about the new links, told as the CSV rows they came from. */
  private static List<Diagnostic> toCsv(
      List<Diagnostic> diagnostics, List<Integer> lines, List<LinksCsv.Row> rows, String csvName) {
    List<Diagnostic> out = new ArrayList<>();
    for (Diagnostic d : diagnostics) {
      int k = lines.indexOf(d.line());
      if (k < 0) {
        out.add(d);
        continue;
      }
      String field = d.field();
      if (field != null && field.contains(".")) {
        field = field.substring(field.lastIndexOf('.') + 1);
      }
      LinksCsv.Row r = rows.get(k);
      out.add(new Diagnostic(csvName, r.line(), 0, field, d.message(), d.fix(), r.text()));
    }
    return out;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static byte[] read(Path csv, String name) {
    try {
      if (Files.exists(csv) && !Files.isRegularFile(csv)) {
        throw invalid(
            name,
            "is not a regular file (a folder, pipe, socket or device)",
            "give the CSV file; hardmatch reads only regular files");
      }
      if (BoundedFiles.isKernelFile(csv)) {
        throw invalid(
            name,
            "is a kernel file under /proc or /sys, not a CSV file",
            "give the CSV file; hardmatch reads only regular files");
      }
      if (Files.size(csv) > MAX_BYTES) {
        throw invalid(name, "the file is larger than 20 MiB", "split it and import the parts");
      }
      try (InputStream in = Files.newInputStream(csv)) {
        return in.readNBytes((int) MAX_BYTES + 1);
      }
    } catch (NoSuchFileException e) {
      throw invalid(name, "file not found", "check the path; it is relative to the current folder");
    } catch (IOException e) {
      throw invalid(name, "cannot be read: " + e.getMessage(), "check the file");
    }
  }

  private static byte[] readLinks(Path into, String name) {
    try {
      return BoundedFiles.read(
          into, LinksLoader.MAX_BYTES, "links file", HardmatchException.Code.INVALID_INPUT);
    } catch (HardmatchException e) {
      throw invalid(name, e.getMessage(), "check the file");
    }
  }

  private static HardmatchException invalid(String file, String message, String fix) {
    return HardmatchException.invalidInput(List.of(new Diagnostic(file, 0, 0, null, message, fix)));
  }
}
