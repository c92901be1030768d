package dev.hardmatch.cli;

import static dev.hardmatch.cli.ApplySandbox.MAIN_LINKS;
import static dev.hardmatch.cli.ApplySandbox.PETER;
import static dev.hardmatch.cli.ApplySandbox.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hardmatch verify} end to end: before apply, after apply, after sync, after drift. */
class VerifyCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private ApplySandbox box;

  @AfterEach
  void stop() {
    if (box != null) {
      box.close();
    }
  }

  private JsonNode json(CliResult run) throws Exception {
    return JSON.readTree(run.out());
  }

  private static JsonNode link(JsonNode report, String sam) {
    for (JsonNode l : report.get("links")) {
      if (l.get("sam").asText().equals(sam)) {
        return l;
      }
    }
    throw new AssertionError("no link " + sam + " in " + report);
  }

  // Before apply only the already-linked account is in effect; the others are not-applied (no
  // anchor yet, nothing wrong): exit 2, not the alarm of a broken link.
  @Test
  void beforeApplyTheLinksAreNotAppliedWithTheirReasons() throws Exception {
    box = ApplySandbox.start(dir, "main").links(MAIN_LINKS);
    String before = box.snapshot();

    CliResult run = box.cli("verify", "links.yaml", "--format", "json");

    assertEquals(2, run.exit(), run.toString());
    JsonNode report = json(run);
    assertEquals("linked", link(report, "bobl").get("state").asText());
    assertTrue(link(report, "bobl").get("reason").isNull());
    JsonNode john = link(report, "johns");
    assertEquals("not-applied", john.get("state").asText());
    assertEquals(
        "no anchor on john.smith@contoso.com yet; apply the plan (it deletes the sync-created"
            + " duplicate holding the anchor: john.smith1234@contoso.onmicrosoft.com"
            + " (00000000-0000-4000-8000-0000000000d1))",
        john.get("reason").asText());
    assertEquals(
        "no anchor on peter.parker@contoso.com yet; apply the plan",
        link(report, "peterp").get("reason").asText());
    JsonNode summary = report.get("summary");
    assertEquals(5, summary.get("total").asInt());
    assertEquals(1, summary.get("linked").asInt());
    assertEquals(0, summary.get("pendingSync").asInt());
    assertEquals(4, summary.get("notApplied").asInt());
    assertEquals(0, summary.get("broken").asInt());
    assertEquals(before, box.snapshot(), "verify changes nothing");
  }

  // Broken means broken: here a cloud-only account holds the anchor (apply would not delete it).
  @Test
  void brokenMeansSomethingIsInTheWay() throws Exception {
    box = ApplySandbox.start(dir, "main").links(MAIN_LINKS);
    // The account holding John's anchor is no sync-created duplicate but a cloud-only account.
    box.editUser(ApplySandbox.JOHN_DUP, u -> u.put("onPremisesSyncEnabled", false));
    CliResult run = box.cli("verify", "links.yaml", "--format", "json");
    assertEquals(1, run.exit(), run.toString());
    JsonNode john = link(json(run), "johns");
    assertEquals("broken", john.get("state").asText());
    assertTrue(
        john.get("reason").asText().contains("a cloud-only user holds it:"), john.toString());
  }

  // verify --format markdown: the same report as a ticket comment.
  @Test
  void markdownForATicket() {
    box = ApplySandbox.start(dir, "main").links(MAIN_LINKS);
    CliResult run = box.cli("verify", "links.yaml", "--format", "markdown");
    assertEquals(2, run.exit(), run.toString());
    assertTrue(run.out().startsWith("### hardmatch verify: `links.yaml`\n"), run.toString());
    assertTrue(
        run.out().contains("**Not done yet.** 5 links: 1 linked, 0 pending-sync, 4 not-applied,"),
        run.toString());
    assertTrue(run.out().contains("| SAM | UPN | State | Reason |\n"), run.toString());
    assertTrue(run.out().contains("| bobl | bob.lee@contoso.com | linked |  |\n"), run.toString());
  }

  // After apply the anchors are set but sync has not taken the accounts over yet: exit 2.
  @Test
  void afterApplyLinksArePendingSyncUntilTheSyncRuns() throws Exception {
    box = ApplySandbox.start(dir, "main").links(MAIN_LINKS);
    box.planAndCommit();
    assertEquals(0, box.cli("apply", PLAN).exit());

    CliResult text = box.cli("verify", "links.yaml");

    assertEquals(2, text.exit(), text.toString());
    assertTrue(
        text.out().startsWith("SAM     UPN                       STATE         REASON\n"),
        text.toString());
    assertTrue(
        text.out()
            .contains(
                "johns   john.smith@contoso.com    pending-sync  anchor set; the next Entra Connect"
                    + " sync takes the account over\n"),
        text.toString());
    assertTrue(text.out().contains("bobl    bob.lee@contoso.com       linked\n"), text.toString());
    assertTrue(
        text.out().contains("5 links: 1 linked, 4 pending-sync, 0 not-applied, 0 broken"),
        text.toString());
    assertTrue(text.out().contains("Start-ADSyncSyncCycle -PolicyType Delta"), text.toString());

    box.tenant.sync();
    CliResult after = box.cli("verify", "links.yaml", "--format", "json");
    assertEquals(0, after.exit(), after.toString());
    assertEquals(5, json(after).get("summary").get("linked").asInt());
  }

  // verify --wait: pending after apply, then the scheduler's own cycle runs in the background
  // (every second, on the system clock) and verify sees every link linked before its time is up.
  @Test
  void waitSucceedsAfterABackgroundSyncCycle() throws Exception {
    box =
        ApplySandbox.start(dir, "main", b -> b.syncEvery(Duration.ofSeconds(1))).links(MAIN_LINKS);
    box.planAndCommit();
    assertEquals(0, box.cli("apply", PLAN).exit()); // no timer yet: no cycle can interfere
    box.tenant.scheduler().startTimer(Duration.ofMillis(100));

    CliResult run = box.cli("verify", "links.yaml", "--wait", "2m", "--interval", "1s");

    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.out().contains("5 links: 5 linked, 0 pending-sync"), run.toString());
    assertTrue(box.tenant.scheduler().toJson().get("cycles").asInt() >= 1);
  }

  // verify --wait gives up when the time is up, with the last check's exit code.
  @Test
  void waitGivesUpWhenTheTimeIsUp() {
    box = ApplySandbox.start(dir, "main").links(MAIN_LINKS);
    box.planAndCommit();
    assertEquals(0, box.cli("apply", PLAN).exit());

    CliResult run = box.cli("verify", "links.yaml", "--wait", "2s", "--interval", "1s");

    assertEquals(2, run.exit(), run.toString());
    assertTrue(
        run.err().contains("verify: 5 links: 1 linked, 4 pending-sync, 0 not-applied, 0 broken;"),
        run.toString());
    assertTrue(run.err().contains("time is up"), run.toString());
  }

  // Drift: someone rewrote a linked account's anchor. The scheduled verify catches it: exit 1.
  @Test
  void detectsAnAnchorChangedAfterLinking() throws Exception {
    box = ApplySandbox.start(dir, "main").links(MAIN_LINKS);
    box.planAndCommit();
    assertEquals(0, box.cli("apply", PLAN).exit());
    box.tenant.sync();
    box.editUser(PETER, u -> u.put("onPremisesImmutableId", "AAAAAAAAAAAAAAAAAAAAAA=="));

    CliResult run = box.cli("verify", "links.yaml", "--format", "json");

    assertEquals(1, run.exit(), run.toString());
    assertEquals(
        "other anchor: peter.parker@contoso.com holds AAAAAAAAAAAAAAAAAAAAAA==, AD user peterp"
            + " has EwAAAKqqu0uMzAAAAAAAAw==",
        link(json(run), "peterp").get("reason").asText());
    assertEquals(4, json(run).get("summary").get("linked").asInt());
  }

  // A link to an AD account that does not exist is broken, and says so.
  @Test
  void aMissingAdUserIsBroken() throws Exception {
    box =
        ApplySandbox.start(dir, "main")
            .links(
                "  - { sam: bobl, upn: bob.lee@contoso.com }\n  - { sam: ghost, upn: mary.king@contoso.com }\n");
    CliResult run = box.cli("verify", "links.yaml", "--format", "json");
    assertEquals(1, run.exit(), run.toString());
    assertEquals("AD user ghost not found", link(json(run), "ghost").get("reason").asText());
  }
}
