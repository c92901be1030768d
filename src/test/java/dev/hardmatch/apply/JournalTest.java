package dev.hardmatch.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T05:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void liesBesideThePlan() {
    assertEquals(
        dir.resolve("x.plan.json.journal.jsonl"), Journal.pathFor(dir.resolve("x.plan.json")));
  }

  @Test
  void writesOneJsonObjectPerLineStampedWithTimeAndEvent() throws Exception {
    Path p = dir.resolve("j.jsonl");
    try (Journal j = Journal.open(p, CLOCK)) {
      ObjectNode e = j.entry(Journal.Event.INTENT);
      e.put("objectId", "1");
      e.putObject("backup").put("userPrincipalName", "a\nb@contoso.com");
      j.append(e);
      j.append(j.entry(Journal.Event.DONE));
    }
    List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
    assertEquals(2, lines.size());
    ObjectMapper m = new ObjectMapper();
    JsonNode first = m.readTree(lines.get(0));
    assertEquals("2026-11-27T05:00:00Z", first.get("time").asText());
    assertEquals("intent", first.get("event").asText());
    assertEquals("a\nb@contoso.com", first.get("backup").get("userPrincipalName").asText());
    assertEquals("done", m.readTree(lines.get(1)).get("event").asText());
  }

  @Test
  void reopeningAppendsAndNeverRewrites() throws Exception {
    Path p = dir.resolve("j.jsonl");
    try (Journal j = Journal.open(p, CLOCK)) {
      j.append(j.entry(Journal.Event.BEGIN));
    }
    byte[] before = Files.readAllBytes(p);
    try (Journal j = Journal.open(p, CLOCK)) {
      j.append(j.entry(Journal.Event.BEGIN));
      j.append(j.entry(Journal.Event.END));
    }
    byte[] after = Files.readAllBytes(p);
    assertTrue(after.length > before.length);
    for (int i = 0; i < before.length; i++) {
      assertEquals(before[i], after[i], "byte " + i + " of the first run was rewritten");
    }
    List<JsonNode> all = Journal.read(p);
    assertEquals(
        List.of("begin", "begin", "end"), all.stream().map(n -> n.get("event").asText()).toList());
  }

  @Test
  void aLineTornByACrashIsSkippedAndTheNextEntryStartsOnItsOwnLine() throws Exception {
    Path p = dir.resolve("j.jsonl");
    try (Journal j = Journal.open(p, CLOCK)) {
      j.append(j.entry(Journal.Event.BEGIN));
    }
    Files.writeString(
        p, "{\"time\":\"2026-11-2", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    try (Journal j = Journal.open(p, CLOCK)) {
      j.append(j.entry(Journal.Event.END));
    }
    List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
    assertEquals(3, lines.size());
    assertEquals(
        List.of("begin", "end"),
        Journal.read(p).stream().map(n -> n.get("event").asText()).toList());
  }

  @Test
  void readingAMissingJournalGivesNothing() {
    assertTrue(Journal.read(dir.resolve("none.jsonl")).isEmpty());
  }
}
