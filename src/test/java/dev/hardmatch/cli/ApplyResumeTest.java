package dev.hardmatch.cli;

import static dev.hardmatch.cli.ApplySandbox.JOHN;
import static dev.hardmatch.cli.ApplySandbox.JOHN_ANCHOR;
import static dev.hardmatch.cli.ApplySandbox.JOHN_DUP;
import static dev.hardmatch.cli.ApplySandbox.MAIN_LINKS;
import static dev.hardmatch.cli.ApplySandbox.MARY_DELETED_DUP;
import static dev.hardmatch.cli.ApplySandbox.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crash and resume: a fault at every write position, before and after the write; lost write
 * responses; the sync race; a second apply while the first holds the lock.
 */
class ApplyResumeTest {
  /**
   * The probes of johns and maryk (the links that delete or purge); deleteUser, purge (johns);
   * purge (maryk); setImmutableId of johns, maryk, peterp, annaw; AD (annaw).
   */
  static final int WRITES = 10;

  @TempDir Path dir;
  private ApplySandbox box;

  @AfterEach
  void stop() {
    if (box != null) {
      box.close();
    }
  }

  static Stream<Arguments> faults() {
    List<Arguments> out = new ArrayList<>();
    for (int n = 1; n <= WRITES; n++) {
      out.add(Arguments.of(n, FaultyPorts.When.BEFORE));
      out.add(Arguments.of(n, FaultyPorts.When.AFTER));
    }
    return out.stream();
  }

  // The run dies at write n; running the same command again ends exactly in the planned state,
  // and every object that was deleted or purged had its backup journaled before.
  @ParameterizedTest(name = "fault {1} write {0}")
  @MethodSource("faults")
  void resumesToThePlannedStateAfterAFaultAtAnyWrite(int n, FaultyPorts.When when)
      throws Exception {
    box = ApplySandbox.start(dir, "main").links(MAIN_LINKS);
    box.planAndCommit();
    String expected = ApplyCommandTest.plannedState(box.snapshot());

    FaultyPorts faults = FaultyPorts.failing(n, when);
    CliResult crashed = box.apply(faults::tenant, faults::directory);

    assertEquals(1, crashed.exit(), crashed.toString());
    assertTrue(faults.writes() >= n, "the fault was reached");
    assertTrue(crashed.err().contains("injected fault"), crashed.toString());
    assertTrue(crashed.err().contains("error: apply stopped at link "), crashed.toString());
    assertTrue(crashed.err().contains("remaining: "), crashed.toString());
    assertTrue(crashed.err().contains("run the same command again"), crashed.toString());
    assertTrue(crashed.out().contains("failed 1"), crashed.toString());
    assertDeletionsBackedUp(box);

    CliResult resumed = box.cli("apply", PLAN);

    assertEquals(0, resumed.exit(), resumed.toString());
    assertEquals(expected, ApplyCommandTest.normalised(box));
    assertTrue(resumed.out().contains("failed 0"), resumed.toString());
    assertDeletionsBackedUp(box);
    CliResult again = box.cli("apply", PLAN);
    assertTrue(again.out().contains("Applied 0, already done 5, failed 0"), again.toString());
  }

  /** More runs than any seed below needs; a run that cannot converge fails the test. */
  private static final int MAX_LOST_RESPONSE_RUNS = 6;

  // Writes carried out whose response never arrives (the emulator's --lose-responses): apply
  // cannot know whether they happened. It neither loses an object nor stops where it cannot resume:
  // running the same command again ends exactly in the planned state, every backup journaled.
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void applyConvergesToThePlanWhenWriteResponsesAreLost(long seed) throws Exception {
    box = ApplySandbox.start(dir, "main", b -> b.loseResponses(0.5).seed(seed)).links(MAIN_LINKS);
    box.planAndCommit();
    String expected = ApplyCommandTest.plannedState(box.snapshot());

    CliResult run = box.cli("apply", PLAN);
    int runs = 1;
    while (run.exit() != 0 && runs < MAX_LOST_RESPONSE_RUNS) {
      // A lost answer may fail a link (outcome unknown): exit 1 and "run again", never a refusal.
      assertEquals(1, run.exit(), run.toString());
      assertTrue(run.err().contains("run the same command again"), run.toString());
      assertDeletionsBackedUp(box);
      run = box.cli("apply", PLAN);
      runs++;
    }

    assertEquals(0, run.exit(), "after " + runs + " runs: " + run);
    assertTrue(box.tenant.stats().faults() > 0, "responses were lost");
    assertEquals(expected, ApplyCommandTest.normalised(box));
    assertDeletionsBackedUp(box);
  }

  // One link's failure does not strand the others of its chunk: they finish; the report says
  // exactly what was done and what remains.
  @Test
  void aFailedLinkIsReportedWithWhatWasDoneAndWhatRemains() {
    box = ApplySandbox.start(dir, "main").links(MAIN_LINKS);
    box.planAndCommit();
    FaultyPorts faults = FaultyPorts.failing(4, FaultyPorts.When.AFTER); // johns' purge

    CliResult run = box.apply(faults::tenant, faults::directory);

    assertEquals(1, run.exit(), run.toString());
    assertTrue(run.out().contains("Applied 3, already done 1, failed 1"), run.toString());
    assertTrue(
        run.err()
            .contains(
                "done: links maryk, peterp, annaw; in johns: deleteUser"
                    + " john.smith1234@contoso.onmicrosoft.com ("
                    + JOHN_DUP
                    + ")\n"),
        run.toString());
    assertTrue(
        run.err()
            .contains(
                "remaining: johns: purgeDeletedUser john.smith1234@contoso.onmicrosoft.com ("
                    + JOHN_DUP
                    + "), setImmutableId john.smith@contoso.com → "
                    + JOHN_ANCHOR),
        run.toString());
    assertTrue(
        run.err()
            .contains(
                "hint: fix the cause, then run the same command again (hardmatch apply plans/migration.plan.json)"),
        run.toString());
  }

  /** {@code user} as apply's probe leaves it: holding the placeholder, nothing else changed. */
  static JsonNode probed(JsonNode user, String id) {
    com.fasterxml.jackson.databind.node.ObjectNode copy =
        (com.fasterxml.jackson.databind.node.ObjectNode) user.deepCopy();
    copy.put("onPremisesImmutableId", "hardmatch-probe-" + id);
    return copy;
  }

  /**
   * Every duplicate gone from the active users has a journaled deleteUser intent with its backup,
   * every one gone from the recycle bin a purge intent; and no "done" precedes its intent.
   */
  static void assertDeletionsBackedUp(ApplySandbox box) {
    List<JsonNode> journal = box.journal();
    if (box.user("users", JOHN_DUP) == null) {
      assertBackup(journal, JOHN_DUP, "deleteUser");
    }
    if (box.user("users", JOHN_DUP) == null && box.user("deletedUsers", JOHN_DUP) == null) {
      assertBackup(journal, JOHN_DUP, "purgeDeletedUser");
    }
    if (box.user("deletedUsers", MARY_DELETED_DUP) == null) {
      assertBackup(journal, MARY_DELETED_DUP, "purgeDeletedUser");
    }
  }

  static void assertBackup(List<JsonNode> journal, String id, String step) {
    boolean intent = false;
    for (JsonNode e : journal) {
      if (!step.equals(e.path("step").asText()) || !id.equals(e.path("objectId").asText())) {
        continue;
      }
      if (e.get("event").asText().equals("intent")) {
        assertEquals(id, e.get("backup").get("id").asText());
        assertNotNull(e.get("backup").get("userPrincipalName"));
        intent = true;
      }
      if (e.get("event").asText().equals("done")) {
        assertTrue(intent, step + " of " + id + " journaled done before its backup");
      }
    }
    assertTrue(intent, "no backup journaled for " + step + " of " + id);
  }

  // Entra Connect's scheduler runs a sync between the purge and setImmutableId: it provisions a
  // new duplicate holding the anchor. Apply says so, advises pausing the scheduler, loses nothing;
  // planning again and applying then completes the link.
  @Test
  void aSyncBetweenPurgeAndSetImmutableIdIsReportedAndNothingIsLost() {
    box =
        ApplySandbox.start(dir, "race")
            .links("  - { sam: johns, upn: john.smith@contoso.com, adUpn: keep }\n");
    box.planAndCommit();
    JsonNode targetBefore = box.user("users", JOHN);

    FaultyPorts race = FaultyPorts.after("purgeDeletedUser", () -> box.tenant.sync());
    CliResult run = box.apply(race::tenant, race::directory);

    assertEquals(1, run.exit(), run.toString());
    assertTrue(
        run.err().contains("sync re-created a duplicate between the purge and setImmutableId"),
        run.toString());
    assertTrue(run.err().contains("jsmith@contoso.onmicrosoft.com"), run.toString());
    assertTrue(run.err().contains("Set-ADSyncScheduler -SyncCycleEnabled $false"), run.toString());
    assertTrue(run.err().contains("Nothing was lost"), run.toString());
    assertEquals(
        probed(targetBefore, JOHN),
        box.user("users", JOHN),
        "the target holds only apply's probe placeholder");
    assertBackup(box.journal(), JOHN_DUP, "deleteUser");
    assertBackup(box.journal(), JOHN_DUP, "purgeDeletedUser");
    JsonNode failed = box.journal().get(box.journal().size() - 2);
    assertEquals("failed", failed.get("event").asText());
    assertTrue(failed.get("syncRace").asBoolean());

    // The old plan is now stale: apply refuses it before writing anything.
    CliResult stale = box.cli("apply", PLAN);
    assertEquals(3, stale.exit(), stale.toString());
    assertTrue(stale.err().contains("refused[STALE_PLAN] anchor " + JOHN_ANCHOR), stale.toString());

    // With the scheduler paused: plan again (deletes the new duplicate), review, apply.
    box.planAndCommit();
    CliResult done = box.cli("apply", PLAN);
    assertEquals(0, done.exit(), done.toString());
    assertEquals(JOHN_ANCHOR, box.user("users", JOHN).get("onPremisesImmutableId").asText());
  }

  // A sync between the delete and the purge restores the duplicate from the recycle bin (it
  // holds the AD user's anchor): apply stops before purging anything, with the same advice.
  @Test
  void aSyncBetweenDeleteAndPurgeIsReportedAndNothingIsLost() {
    box =
        ApplySandbox.start(dir, "race")
            .links("  - { sam: johns, upn: john.smith@contoso.com, adUpn: keep }\n");
    box.planAndCommit();
    JsonNode targetBefore = box.user("users", JOHN);

    FaultyPorts race = FaultyPorts.after("deleteUser", () -> box.tenant.sync());
    CliResult run = box.apply(race::tenant, race::directory);

    assertEquals(1, run.exit(), run.toString());
    assertTrue(run.err().contains("a sync cycle restored it after the delete"), run.toString());
    assertTrue(run.err().contains("Set-ADSyncScheduler -SyncCycleEnabled $false"), run.toString());
    assertEquals(2, race.writes(), "nothing after the probe and the delete was attempted");
    assertNotNull(box.user("users", JOHN_DUP), "the duplicate is back, not purged");
    assertEquals(probed(targetBefore, JOHN), box.user("users", JOHN));
    assertBackup(box.journal(), JOHN_DUP, "deleteUser");
  }

  // A second apply started while the first is running is refused with LOCKED and writes nothing;
  // the first one completes.
  @Test
  void aSecondApplyWhileTheFirstRunsIsLocked() throws Exception {
    box = ApplySandbox.start(dir, "main").links(MAIN_LINKS);
    box.planAndCommit();
    String expected = ApplyCommandTest.plannedState(box.snapshot());
    List<CliResult> second = new ArrayList<>();
    List<String> stateAround = new ArrayList<>();
    FaultyPorts hook =
        FaultyPorts.after(
            "deleteUser",
            () -> {
              stateAround.add(box.snapshot());
              second.add(box.cli("apply", PLAN));
              stateAround.add(box.snapshot());
            });

    CliResult first = box.apply(hook::tenant, hook::directory);

    assertEquals(0, first.exit(), first.toString());
    assertEquals(1, second.size());
    assertEquals(3, second.get(0).exit(), second.get(0).toString());
    assertTrue(
        second
            .get(0)
            .err()
            .contains(
                "refused[LOCKED] plan migration.plan.json: another apply of this plan is running: pid "),
        second.get(0).toString());
    assertEquals(stateAround.get(0), stateAround.get(1), "the refused apply wrote nothing");
    assertEquals(expected, ApplyCommandTest.normalised(box));
    assertNull(box.user("users", JOHN_DUP));
    assertNotEquals(0, box.journal().size());
  }
}
