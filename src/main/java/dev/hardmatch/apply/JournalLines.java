package dev.hardmatch.apply;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.util.BoundedFiles;
import dev.hardmatch.util.Json;
import dev.hardmatch.util.Messages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A journal read back with the line number of every entry (for {@code hardmatch journal}, which
 * names the line holding each backup, and for {@code hardmatch unlink}). The read is bounded
 * ({@link BoundedFiles}: a regular file of at most {@link Journal#MAX_READ} bytes).
 *
 * <p>A line that is not a JSON object is refused with {@code file:line:column}, except the one kind
 * of fragment a crash leaves: a line cut short by a killed apply, which the next run ends before it
 * writes its {@code begin} (docs/apply.md, "Journal"). Such a fragment, followed by a {@code
 * begin}, is skipped; one at the very end of the file is refused as truncated, because nothing has
 * resumed after it yet.
 */
public final class JournalLines {
  private static final ObjectMapper JSON = Json.mapper();

  private JournalLines() {}

  /** One entry and the 1-based line it is on. */
  public record Line(int number, JsonNode entry) {}

  /**
   * Every entry of the journal at {@code path}.
   *
   * @throws HardmatchException INVALID_INPUT (exit 65) when the journal is missing, not a regular
   *     file, too large, or holds a line that is not a journal entry
   */
  public static List<Line> read(Path path) {
    return read(path, true);
  }

  /**
   * As {@link #read(Path)}; with {@code strict} false every line that is not an entry is skipped
   * (as apply's own reading does), so only a missing, irregular or oversized journal is refused.
   */
  public static List<Line> read(Path path, boolean strict) {
    if (!Files.exists(path)) {
      throw new HardmatchException(
          HardmatchException.Code.INVALID_INPUT,
          "no journal " + Messages.clip(path.toString()) + ": this plan was never applied here",
          "give the plan that 'hardmatch apply' ran (its journal lies beside it as"
              + " <plan>.journal.jsonl)");
    }
    byte[] bytes =
        BoundedFiles.read(path, Journal.MAX_READ, "journal", HardmatchException.Code.INVALID_INPUT);
    String text = new String(bytes, StandardCharsets.UTF_8);
    String[] raw = text.split("\n", -1);
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < raw.length; i++) {
      String line = raw[i];
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        if (node == null || !node.isObject() || !node.path("event").isTextual()) {
          if (!strict) {
            continue;
          }
          throw invalid(path, i + 1, 1, "not a journal entry (an object with an event)");
        }
        lines.add(new Line(i + 1, node));
      } catch (JsonProcessingException e) {
        if (!strict || tornThenResumed(raw, i)) {
          continue; // a fragment a killed apply left; the next run ended it and began anew
        }
        JsonLocation at = e.getLocation();
        int col = at == null ? 1 : Math.max(1, at.getColumnNr());
        boolean last = i == raw.length - 1 || (i == raw.length - 2 && raw[i + 1].isEmpty());
        throw invalid(
            path,
            i + 1,
            col,
            last
                ? "the last line is cut short (apply was killed while writing it?)"
                : "not valid JSON: " + e.getOriginalMessage());
      }
    }
    if (lines.isEmpty() && strict) {
      throw new HardmatchException(
          HardmatchException.Code.INVALID_INPUT,
          "journal " + Messages.clip(path.toString()) + " is empty",
          "give the plan that 'hardmatch apply' ran");
    }
    return lines;
  }

  private static boolean tornThenResumed(String[] raw, int i) {
    for (int j = i + 1; j < raw.length; j++) {
      if (raw[j].isBlank()) {
        continue;
      }
      try {
        return Journal.Event.BEGIN.is(JSON.readTree(raw[j]));
      } catch (JsonProcessingException e) {
        return false;
      }
    }
    return false;
  }

  private static HardmatchException invalid(Path path, int line, int col, String what) {
    return new HardmatchException(
        HardmatchException.Code.INVALID_INPUT,
        Messages.clip(path.toString()) + ":" + line + ":" + col + ": " + what,
        "the journal is written only by hardmatch; restore it from the build artifact or"
            + " backup it was kept in (never edit it), or run the same apply again to end a"
            + " fragment a crash left");
  }
}
