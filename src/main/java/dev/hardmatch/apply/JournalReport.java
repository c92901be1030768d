package dev.hardmatch.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.util.Json;
import dev.hardmatch.util.Messages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hardmatch journal PLAN}: what apply (and unlink) did, per link, from the journal's lines
 * ({@link JournalLines}). Each step shows its time, outcome ({@code done}, {@code skipped}, {@code
 * failed}, or {@code in-flight}: an intent without an outcome, the process died while it was sent),
 * Graph's request-id, and for a deleted or purged object where its backup is: the journal and the
 * line of the intent entry holding it.
 */
public final class JournalReport {
  private static final ObjectMapper JSON = Json.mapper();

  /** One step as the journal tells it. */
  record Step(
      String command,
      String link,
      String step,
      String object,
      String time,
      String outcome,
      String requestId,
      String detail,
      Integer backupLine) {}

  /** One run: apply or unlink, from its begin line. */
  record Run(int line, String command, String time, JsonNode end) {}

  private final String journal;
  private final List<Run> runs = new ArrayList<>();
  private final Map<String, List<Step>> links = new LinkedHashMap<>();

  private JournalReport(String journal) {
    this.journal = journal;
  }

  /**
   * Builds the report.
   *
   * @param journal the journal's path as shown to the user
   */
  public static JournalReport of(String journal, List<JournalLines.Line> lines) {
    JournalReport r = new JournalReport(journal);
    Map<String, JournalLines.Line> openIntents = new HashMap<>();
    Map<String, Integer> backups = new HashMap<>(); // objectId → line of its latest backup
    String command = "apply";
    for (JournalLines.Line line : lines) {
      JsonNode e = line.entry();
      String event = e.path("event").asText();
      if (Journal.Event.BEGIN.is(e)) {
        flushInFlight(r, openIntents, command);
        command = e.path("command").asText("apply");
        r.runs.add(new Run(line.number(), command, e.path("time").asText(null), null));
        continue;
      }
      if (Journal.Event.END.is(e)) {
        flushInFlight(r, openIntents, command);
        if (!r.runs.isEmpty()) {
          Run last = r.runs.remove(r.runs.size() - 1);
          r.runs.add(new Run(last.line(), last.command(), last.time(), e));
        }
        continue;
      }
      String object = object(e);
      String key = e.path("link").asText() + "\u0000" + e.path("step").asText() + "\u0000" + object;
      if (Journal.Event.INTENT.is(e)) {
        openIntents.put(key, line);
        if (e.has("backup") && object != null) {
          backups.put(object, line.number());
        }
        continue;
      }
      openIntents.remove(key);
      String detail =
          e.hasNonNull("error")
              ? e.path("error").asText()
              : e.hasNonNull("reason")
                  ? e.path("reason").asText()
                  : e.path("alreadyGone").asBoolean(false) ? "already gone (404)" : null;
      r.add(
          new Step(
              command,
              e.path("link").asText(),
              e.path("step").asText(),
              object,
              e.path("time").asText(null),
              event,
              e.path("requestId").asText(null),
              detail,
              backupOf(e.path("step").asText(), object, backups)));
    }
    flushInFlight(r, openIntents, command);
    return r;
  }

  private static Integer backupOf(String step, String object, Map<String, Integer> backups) {
    boolean destructive = step.equals("deleteUser") || step.equals("purgeDeletedUser");
    return destructive && object != null ? backups.get(object) : null;
  }

  private static void flushInFlight(
      JournalReport r, Map<String, JournalLines.Line> open, String command) {
    for (JournalLines.Line line : open.values()) {
      JsonNode e = line.entry();
      String step = e.path("step").asText();
      boolean destructive = step.equals("deleteUser") || step.equals("purgeDeletedUser");
      r.add(
          new Step(
              command,
              e.path("link").asText(),
              step,
              object(e),
              e.path("time").asText(null),
              "in-flight",
              null,
              "sent or about to be sent when the process stopped; a re-run reads the state again",
              destructive && e.has("backup") ? line.number() : null));
    }
    open.clear();
  }

  private void add(Step s) {
    links.computeIfAbsent(s.link(), k -> new ArrayList<>()).add(s);
  }

  private static String object(JsonNode e) {
    return e.hasNonNull("objectId")
        ? e.path("objectId").asText()
        : e.hasNonNull("dn") ? e.path("dn").asText() : null;
  }

  /** The report as JSON (the shape docs/apply.md lists). */
  public ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("journal", journal);
    ArrayNode rs = root.putArray("runs");
    for (Run run : runs) {
      ObjectNode n = rs.addObject();
      n.put("line", run.line());
      n.put("command", run.command());
      n.put("time", run.time());
      n.put("finished", run.end() != null);
      if (run.end() != null) {
        ObjectNode counts = n.putObject("counts");
        run.end()
            .properties()
            .forEach(
                p -> {
                  if (!p.getKey().equals("time") && !p.getKey().equals("event")) {
                    counts.set(p.getKey(), p.getValue());
                  }
                });
      }
    }
    ArrayNode ls = root.putArray("links");
    for (Map.Entry<String, List<Step>> e : links.entrySet()) {
      ObjectNode link = ls.addObject();
      link.put("link", e.getKey());
      ArrayNode steps = link.putArray("steps");
      for (Step s : e.getValue()) {
        ObjectNode n = steps.addObject();
        n.put("command", s.command());
        n.put("step", s.step());
        n.put("object", s.object());
        n.put("time", s.time());
        n.put("outcome", s.outcome());
        n.put("requestId", s.requestId());
        if (s.detail() != null) {
          n.put("detail", s.detail());
        }
        if (s.backupLine() != null) {
          ObjectNode b = n.putObject("backup");
          b.put("journal", journal);
          b.put("line", s.backupLine());
        }
      }
    }
    return root;
  }

  /** The report as text, one block per link. */
  public List<String> toText() {
    List<String> out = new ArrayList<>();
    out.add("Journal " + journal + ": " + runs.size() + (runs.size() == 1 ? " run" : " runs"));
    for (Run run : runs) {
      out.add(
          "  "
              + run.command()
              + " at "
              + run.time()
              + " (line "
              + run.line()
              + "): "
              + (run.end() == null ? "did not finish" : counts(run.end())));
    }
    for (Map.Entry<String, List<Step>> e : links.entrySet()) {
      out.add("");
      out.add(e.getKey() + ":");
      for (Step s : e.getValue()) {
        StringBuilder sb = new StringBuilder("  ");
        sb.append(s.time()).append("  ");
        if (!s.command().equals("apply")) {
          sb.append(s.command()).append(' ');
        }
        sb.append(s.step()).append(' ').append(s.object()).append(": ").append(s.outcome());
        if (s.requestId() != null) {
          sb.append(", request-id ").append(s.requestId());
        }
        if (s.detail() != null) {
          sb.append(" (").append(s.detail()).append(')');
        }
        if (s.backupLine() != null) {
          sb.append("; backup: ").append(journal).append(':').append(s.backupLine());
        }
        out.add(Messages.safe(sb.toString()));
      }
    }
    return out;
  }

  private static String counts(JsonNode end) {
    List<String> parts = new ArrayList<>();
    end.properties()
        .forEach(
            p -> {
              if (!p.getKey().equals("time") && !p.getKey().equals("event")) {
                parts.add(p.getKey() + " " + p.getValue().asText());
              }
            });
    return String.join(", ", parts);
  }
}
