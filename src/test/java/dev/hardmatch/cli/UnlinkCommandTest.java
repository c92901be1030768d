package dev.hardmatch.cli;

import static dev.hardmatch.cli.ApplySandbox.ANNA;
import static dev.hardmatch.cli.ApplySandbox.JOHN;
import static dev.hardmatch.cli.ApplySandbox.JOHN_DUP;
import static dev.hardmatch.cli.ApplySandbox.MAIN_LINKS;
import static dev.hardmatch.cli.ApplySandbox.MARY_DELETED_DUP;
import static dev.hardmatch.cli.ApplySandbox.PETER;
import static dev.hardmatch.cli.ApplySandbox.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.plan.LinkPlan;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.tenant.ForwardingTenant;
import dev.hardmatch.tenant.WriteOutcome;
import dev.hardmatch.tenant.WriteRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hardmatch journal} and {@code hardmatch unlink} end to end: the CLI in-process against
 * both sandboxes, after a real apply, in a git repository (docs/apply.md, "Journal" and "Unlink").
 */
class UnlinkCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private ApplySandbox box;

  @AfterEach
  void stop() {
    if (box != null) {
      box.close();
    }
  }

  /** The main scenario, with or without purging deleted duplicates. */
  private ApplySandbox start(boolean purge) {
    box = ApplySandbox.start(dir, "main").links(MAIN_LINKS);
    if (!purge) {
      box.write(
          "links.yaml",
          box.read("links.yaml").replace("purgeDeleted: true", "purgeDeleted: false"));
    }
    return box;
  }

  private Plan applied() {
    Plan plan = box.planAndCommit();
    CliResult run = box.cli("apply", PLAN);
    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.out().contains("Journal: " + PLAN + ".journal.jsonl"), run.out());
    return plan;
  }

  @Test
  void journalShowsEveryStepWithRequestIdAndWhereTheBackupIs() throws Exception {
    start(true);
    applied();
    CliResult json = box.cli("journal", PLAN, "--format", "json");
    assertEquals(0, json.exit(), json.toString());
    JsonNode report = JSON.readTree(json.out());
    assertEquals(PLAN + ".journal.jsonl", report.get("journal").asText());
    List<String> journalLines =
        Files.readAllLines(box.path(PLAN + ".journal.jsonl")); // the lines the report points at
    int writes = 0;
    for (JsonNode link : report.get("links")) {
      for (JsonNode step : link.get("steps")) {
        assertEquals("done", step.get("outcome").asText(), step.toString());
        if (!step.get("step").asText().equals("setAdUpn")) {
          assertFalse(step.get("requestId").isNull(), "request-id of " + step);
          writes++;
        }
        if (step.get("step").asText().equals("deleteUser")) {
          assertEquals(JOHN_DUP, step.get("object").asText());
          int line = step.get("backup").get("line").asInt();
          JsonNode intent = JSON.readTree(journalLines.get(line - 1));
          assertEquals("intent", intent.get("event").asText());
          assertEquals(JOHN_DUP, intent.get("backup").get("id").asText());
        }
      }
    }
    // john: probe, delete, purge, link; mary: probe, purge, link; peter; anna (the probe before a
    // delete or purge is a Graph write with its own request-id, README "Apply").
    assertEquals(9, writes, json.out());
    CliResult text = box.cli("journal", PLAN);
    assertEquals(0, text.exit(), text.toString());
    assertTrue(text.out().contains("deleteUser " + JOHN_DUP + ": done, request-id "), text.out());
    assertTrue(text.out().contains("; backup: " + PLAN + ".journal.jsonl:"), text.out());
  }

  @Test
  void journalRefusesBadInputInOneLine() throws Exception {
    start(true);
    box.write("plans/none.plan.json", "{}");
    CliResult missing = box.cli("journal", "plans/none.plan.json");
    assertEquals(65, missing.exit(), missing.toString());
    assertTrue(missing.err().contains("no journal"), missing.err());
    applied();
    Path journal = box.path(PLAN + ".journal.jsonl");
    Files.writeString(journal, "{\"time\":\"2026-", StandardOpenOption.APPEND);
    CliResult torn = box.cli("journal", PLAN);
    assertEquals(65, torn.exit(), torn.toString());
    assertTrue(torn.err().contains(".journal.jsonl:"), torn.err());
    assertTrue(torn.err().contains("cut short"), torn.err());
    assertFalse(torn.err().contains("at dev.hardmatch"), torn.err());
    Files.delete(journal);
    Process mkfifo = new ProcessBuilder("mkfifo", journal.toString()).start();
    if (mkfifo.waitFor() == 0) {
      CliResult fifo = box.cli("journal", PLAN);
      assertEquals(65, fifo.exit(), fifo.toString());
      assertTrue(fifo.err().contains("not a regular file"), fifo.err());
    }
  }

  /** Links without duplicates: apply only sets anchors and rewrites an AD UPN. */
  private static final String NO_DUPLICATE_LINKS =
      """
        - { sam: peterp, upn: peter.parker@contoso.com }
        - { sam: annaw, upn: anna.white@contoso.com, adUpn: match }
        - { sam: bobl, upn: bob.lee@contoso.com }
      """;

  @Test
  void unlinkOfAPlanWithoutPurgesRevertsEverythingAndPlanShowsTheOriginalPlanAgain() {
    box = ApplySandbox.start(dir, "main").links(NO_DUPLICATE_LINKS);
    Plan before = applied();
    assertTrue(box.ad.dump().contains("userPrincipalName: anna.white@contoso.com"));
    CliResult run = box.cli("unlink", PLAN);
    assertEquals(0, run.exit(), run.toString());
    assertTrue(box.user("users", PETER).path("onPremisesImmutableId").isNull(), "anchor cleared");
    assertTrue(box.user("users", ANNA).path("onPremisesImmutableId").isNull());
    assertTrue(box.ad.dump().contains("userPrincipalName: anna.white@corp.example.com"));
    assertTrue(run.out().contains("Unlinked 2, already undone 0, failed 0"), run.out());
    assertFalse(run.out().contains("Cannot be undone"), run.out());
    // Run again: everything is already undone, nothing is written.
    CliResult twice = box.cli("unlink", PLAN);
    assertEquals(0, twice.exit(), twice.toString());
    assertTrue(twice.out().contains("Unlinked 0, already undone 2"), twice.out());
    assertEquals(actions(before), actions(box.plan()));
  }

  /** Apply with every purge refused: the duplicates are deleted, in the recycle bin, not purged. */
  private Plan appliedWithoutPurges() {
    start(true);
    Plan before = box.planAndCommit();
    CliResult run =
        box.apply(
            t ->
                new ForwardingTenant(t) {
                  @Override
                  public List<WriteOutcome> writeBatch(List<WriteRequest> writes) {
                    List<WriteRequest> sent = new ArrayList<>();
                    for (WriteRequest w : writes) {
                      if (w.type() != WriteRequest.Type.PURGE_DELETED_USER) {
                        sent.add(w);
                      }
                    }
                    List<WriteOutcome> answers = new ArrayList<>(super.writeBatch(sent));
                    List<WriteOutcome> out = new ArrayList<>();
                    for (WriteRequest w : writes) {
                      out.add(
                          w.type() == WriteRequest.Type.PURGE_DELETED_USER
                              ? new WriteOutcome(
                                  w,
                                  403,
                                  null,
                                  new HardmatchException(
                                      HardmatchException.Code.GRAPH,
                                      "injected: purge refused",
                                      null))
                              : answers.remove(0));
                    }
                    return out;
                  }
                },
            d -> d);
    assertEquals(1, run.exit(), run.toString());
    assertNull(box.user("users", JOHN_DUP));
    assertNotNull(box.user("deletedUsers", JOHN_DUP), "deleted, in the recycle bin");
    return before;
  }

  @Test
  void unlinkRestoresADuplicateDeletedButNotPurged() {
    Plan before = appliedWithoutPurges();
    CliResult run = box.cli("unlink", PLAN);
    assertEquals(0, run.exit(), run.toString());
    assertNotNull(box.user("users", JOHN_DUP), "duplicate restored");
    assertTrue(run.err().contains("restored duplicate"), run.err());
    assertFalse(run.out().contains("Cannot be undone"), run.out());
    assertTrue(box.user("users", PETER).path("onPremisesImmutableId").isNull(), "anchor cleared");
    assertTrue(box.ad.dump().contains("userPrincipalName: anna.white@corp.example.com"));
    assertEquals(actions(before), actions(box.plan()));
  }

  @Test
  void unlinkAfterPurgeSaysWhatCannotBeUndoneAndWhereItsBackupIs() {
    start(true);
    Plan before = applied();
    CliResult run = box.cli("unlink", PLAN);
    assertEquals(0, run.exit(), run.toString());
    assertTrue(
        run.out().contains("Cannot be undone: johns: ")
            && run.out().contains("(" + JOHN_DUP + ") was purged"),
        run.out());
    assertTrue(run.out().contains("(" + MARY_DELETED_DUP + ") was purged"), run.out());
    assertTrue(run.out().contains("its backup is in " + PLAN + ".journal.jsonl:"), run.out());
    assertTrue(box.user("users", JOHN).path("onPremisesImmutableId").isNull());
    // The original plan minus the purged duplicates: the links remain, their purges are gone.
    List<String> expected = new ArrayList<>();
    for (String a : actions(before)) {
      if (!a.contains(JOHN_DUP) && !a.contains(MARY_DELETED_DUP)) {
        expected.add(a);
      }
    }
    assertEquals(expected, actions(box.plan()));
    CliResult journal = box.cli("journal", PLAN);
    assertTrue(journal.out().contains("unlink clearImmutableId " + JOHN + ": done"), journal.out());
  }

  @Test
  void unlinkRefusesALinkSyncHasMatched() {
    start(true);
    applied();
    box.tenant.sync();
    assertTrue(box.user("users", JOHN).path("onPremisesSyncEnabled").asBoolean());
    String state = box.snapshot();
    CliResult run = box.cli("unlink", PLAN);
    assertEquals(3, run.exit(), run.toString());
    assertTrue(run.err().contains("refused[SYNC_MATCHED] link johns"), run.err());
    assertEquals(state, box.snapshot(), "nothing changed");
  }

  @Test
  void unlinkOfAnUncommittedPlanIsRefused() {
    start(true);
    box.plan();
    CliResult run = box.cli("unlink", PLAN);
    assertEquals(3, run.exit(), run.toString());
    assertTrue(run.err().contains("refused[NOT_COMMITTED]"), run.err());
  }

  @Test
  void unlinkWithoutAJournalIsRefused() {
    start(true);
    box.planAndCommit();
    CliResult run = box.cli("unlink", PLAN);
    assertEquals(3, run.exit(), run.toString());
    assertTrue(run.err().contains("refused[NO_JOURNAL]"), run.err());
  }

  @Test
  void unlinkResumesAfterAFailureMidRun() {
    Plan before = appliedWithoutPurges();
    AtomicBoolean failed = new AtomicBoolean();
    CliResult broken =
        box.unlink(
            t ->
                new ForwardingTenant(t) {
                  @Override
                  public String restoreDeletedUser(String id) {
                    failed.set(true);
                    throw new HardmatchException(
                        HardmatchException.Code.GRAPH, "injected: connection reset", null);
                  }
                });
    assertTrue(failed.get());
    assertEquals(1, broken.exit(), broken.toString());
    assertTrue(broken.err().contains("injected: connection reset"), broken.err());
    assertTrue(box.user("users", PETER).path("onPremisesImmutableId").isNull(), "others done");
    assertNull(box.user("users", JOHN_DUP), "not restored yet");
    CliResult resumed = box.cli("unlink", PLAN);
    assertEquals(0, resumed.exit(), resumed.toString());
    assertNotNull(box.user("users", JOHN_DUP), "restored on the re-run");
    assertTrue(resumed.out().contains("Unlinked 1, already undone"), resumed.out());
    assertEquals(actions(before), actions(box.plan()));
  }

  private static List<String> actions(Plan plan) {
    List<String> out = new ArrayList<>();
    for (LinkPlan l : plan.links()) {
      l.actions().forEach(a -> out.add(l.sam() + " " + a));
    }
    return out;
  }
}
