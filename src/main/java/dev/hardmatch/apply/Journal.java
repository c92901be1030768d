package dev.hardmatch.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.util.BoundedFiles;
import dev.hardmatch.util.CrashHook;
import dev.hardmatch.util.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The apply journal {@code <plan>.journal.jsonl}: append-only, one JSON object per line, each line
 * forced to disk before {@link #append} returns — so the intent and the backup of an object are on
 * disk before the step that deletes it is sent. Lines are never rewritten; a re-run appends.
 * Entries carry object data and Graph request-ids only, never a secret.
 *
 * <p>Every entry has {@code time} and {@code event}. The events an apply writes:
 *
 * <ul>
 *   <li>{@code begin}: {@code plan}, {@code digest}, {@code tenant}, {@code pid}, {@code host},
 *       {@code toolVersion};
 *   <li>{@code intent}, written before the step is sent: {@code link} (sam), {@code step} (the
 *       action type), {@code objectId} (or {@code dn}), {@code backup} (the whole object as just
 *       read; for setAdUpn its DN and old UPN), and {@code from}/{@code to} for setImmutableId;
 *   <li>{@code done}: {@code link}, {@code step}, {@code objectId}/{@code dn}, {@code requestId},
 *       and {@code alreadyGone: true} when Graph answered 404 (the end state already held);
 *   <li>{@code skipped}: {@code link}, {@code step}, {@code objectId}/{@code dn}, {@code reason}
 *       (the end state already held, found by reading first);
 *   <li>{@code failed}: {@code link}, {@code step}, {@code objectId}, {@code error}, and {@code
 *       syncRace: true} when a sync cycle interfered;
 *   <li>{@code end}: counts of links {@code applied}, {@code alreadyDone}, {@code failed}, {@code
 *       notReached}.
 * </ul>
 *
 * An intent without a done or failed entry means the process died while that step was in flight:
 * the next run reads the object again and finds out.
 */
public final class Journal implements AutoCloseable {
  private static final ObjectMapper JSON = Json.mapper();

  private final Path path;
  private final FileChannel channel;
  private final Clock clock;

  private Journal(Path path, FileChannel channel, Clock clock) {
    this.path = path;
    this.channel = channel;
    this.clock = clock;
  }

  /** Where the journal of {@code plan} lives: beside it, named {@code <plan>.journal.jsonl}. */
  public static Path pathFor(Path plan) {
    return plan.resolveSibling(plan.getFileName() + ".journal.jsonl");
  }

  /** Opens (creating if needed) the journal for appending. */
  public static Journal open(Path path, Clock clock) {
    try {
      boolean torn = endsWithTornLine(path);
      FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      Journal j = new Journal(path, ch, clock);
      if (torn) {
        j.write(new byte[] {'\n'});
      }
      return j;
    } catch (IOException e) {
      throw new HardmatchException(
          HardmatchException.Code.IO,
          "cannot open the journal " + path + ": " + e.getMessage(),
          "make the plan's folder writable; nothing was changed",
          e);
    }
  }

  public Path path() {
    return path;
  }

  /** The events a journal records, with their names in the file. */
  public enum Event {
    BEGIN("begin"),
    INTENT("intent"),
    DONE("done"),
    SKIPPED("skipped"),
    FAILED("failed"),
    END("end");

    private final String text;

    Event(String text) {
      this.text = text;
    }

    /** The name in the journal's {@code event} field. */
    public String text() {
      return text;
    }

    /** Whether a journal entry (as read back) is of this event. */
    public boolean is(JsonNode entry) {
      return text.equals(entry.path("event").asText());
    }
  }

  /** A new entry for {@code event}, stamped with the time; fill it and pass it to append. */
  public ObjectNode entry(Event event) {
    ObjectNode n = JSON.createObjectNode();
    n.put("time", clock.instant().toString());
    n.put("event", event.text());
    return n;
  }

  /** Appends one line and forces it to disk. */
  public void append(ObjectNode entry) {
    byte[] line;
    try {
      line = (JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("journal entry not serialisable", e);
    }
    CrashHook.point("before a journal append");
    try {
      write(line);
    } catch (IOException e) {
      throw new HardmatchException(
          HardmatchException.Code.IO,
          "cannot write the journal " + path + ": " + e.getMessage(),
          "free disk space or fix permissions, then run the same apply again",
          e);
    }
    CrashHook.point("after a journal append");
  }

  private void write(byte[] bytes) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    channel.force(true);
  }

  /**
   * A process killed mid-write can leave half a line; it gets ended so the next entry starts on its
   * own line (readers skip the fragment).
   */
  private static boolean endsWithTornLine(Path path) throws IOException {
    if (!Files.exists(path)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) {
        return false;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      ch.read(last, size - 1);
      return last.get(0) != '\n';
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Every entry was already forced to disk; nothing is lost by a failed close.
    }
  }

  /** The largest journal read back (a backup per object: far more than any plan needs). */
  static final long MAX_READ = 1L << 30;

  /** Every complete entry of a journal, oldest first; torn fragments are skipped. */
  public static List<JsonNode> read(Path path) {
    List<JsonNode> entries = new ArrayList<>();
    if (!Files.exists(path)) {
      return entries;
    }
    byte[] bytes = BoundedFiles.read(path, MAX_READ, "journal", HardmatchException.Code.IO);
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        entries.add(JSON.readTree(line));
      } catch (JsonProcessingException torn) {
        // A line cut short by a crash: it was never acknowledged, so nothing relied on it.
      }
    }
    return entries;
  }
}
