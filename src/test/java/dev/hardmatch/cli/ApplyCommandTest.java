package dev.hardmatch.cli;

import static dev.hardmatch.cli.ApplySandbox.ANNA;
import static dev.hardmatch.cli.ApplySandbox.ANNA_ANCHOR;
import static dev.hardmatch.cli.ApplySandbox.JOHN;
import static dev.hardmatch.cli.ApplySandbox.JOHN_ANCHOR;
import static dev.hardmatch.cli.ApplySandbox.JOHN_DUP;
import static dev.hardmatch.cli.ApplySandbox.MAIN_LINKS;
import static dev.hardmatch.cli.ApplySandbox.MARY;
import static dev.hardmatch.cli.ApplySandbox.MARY_ANCHOR;
import static dev.hardmatch.cli.ApplySandbox.MARY_DELETED_DUP;
import static dev.hardmatch.cli.ApplySandbox.PETER;
import static dev.hardmatch.cli.ApplySandbox.PETER_ANCHOR;
import static dev.hardmatch.cli.ApplySandbox.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.apply.Apply;
import dev.hardmatch.apply.PlanLock;
import dev.hardmatch.sandbox.graph.EmulatorOptions;
import dev.hardmatch.sandbox.graph.TenantEmulator;
import dev.hardmatch.sandbox.graph.TenantState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hardmatch apply} end to end: the CLI in-process against both sandboxes, in a git repo. */
class ApplyCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private ApplySandbox box;

  private ApplySandbox start() {
    box = ApplySandbox.start(dir, "main").links(MAIN_LINKS);
    return box;
  }

  @AfterEach
  void stop() {
    if (box != null) {
      box.close();
    }
  }

  /** The tenant and AD exactly as the plan promises: computed from the state before apply. */
  static String plannedState(String before) throws Exception {
    String[] parts = before.split("\n---\n", 2);
    ObjectNode tenant = (ObjectNode) JSON.readTree(parts[0]);
    ArrayNode users = (ArrayNode) tenant.get("users");
    for (int i = users.size() - 1; i >= 0; i--) {
      ObjectNode u = (ObjectNode) users.get(i);
      String id = u.get("id").asText();
      if (id.equals(JOHN_DUP)) {
        users.remove(i);
      } else if (id.equals(JOHN)) {
        u.put("onPremisesImmutableId", JOHN_ANCHOR);
      } else if (id.equals(MARY)) {
        u.put("onPremisesImmutableId", MARY_ANCHOR);
      } else if (id.equals(PETER)) {
        u.put("onPremisesImmutableId", PETER_ANCHOR);
      } else if (id.equals(ANNA)) {
        u.put("onPremisesImmutableId", ANNA_ANCHOR);
      }
    }
    ArrayNode deleted = (ArrayNode) tenant.get("deletedUsers");
    for (int i = deleted.size() - 1; i >= 0; i--) {
      if (deleted.get(i).get("id").asText().equals(MARY_DELETED_DUP)) {
        deleted.remove(i);
      }
    }
    String ad =
        parts[1].replace(
            "userPrincipalName: anna.white@corp.example.com",
            "userPrincipalName: anna.white@contoso.com");
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tenant) + "\n---\n" + ad;
  }

  /** The current state normalised the same way as {@link #plannedState}. */
  static String normalised(ApplySandbox box) throws Exception {
    String[] parts = box.snapshot().split("\n---\n", 2);
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(parts[0]))
        + "\n---\n"
        + parts[1];
  }

  // sourceAnchor: mS-DS-ConsistencyGuid on users without the attribute: plan falls back to
  // objectGUID as Entra Connect does, and apply's staleness gate must decide the same way.
  @Test
  void appliesAConsistencyGuidPlanWhoseUsersFallBackToObjectGuid() throws Exception {
    start();
    box.write(
        "links.yaml",
        box.read("links.yaml")
            .replace("sourceAnchor: auto", "sourceAnchor: mS-DS-ConsistencyGuid"));
    box.planAndCommit();
    String expected = plannedState(box.snapshot());

    CliResult run = box.cli("apply", PLAN);

    assertEquals(0, run.exit(), run.toString());
    assertEquals(expected, normalised(box));
  }

  // A reviewed, committed plan is applied; the tenant and AD end exactly in the planned state,
  // every destructive step was backed up first, and the user is told what to do next.
  @Test
  void appliesACommittedPlanAndLeavesExactlyThePlannedState() throws Exception {
    start().planAndCommit();
    String expected = plannedState(box.snapshot());

    CliResult run = box.cli("apply", PLAN);

    assertEquals(0, run.exit(), run.toString());
    assertEquals(expected, normalised(box));
    assertTrue(run.out().contains("Applied 4, already done 1, failed 0"), run.toString());
    assertTrue(run.out().contains("Start-ADSyncSyncCycle -PolicyType Delta"), run.toString());
    assertTrue(run.out().contains("hardmatch verify links.yaml"), run.toString());
    assertTrue(
        run.err()
            .contains(
                "[1/5] johns → john.smith@contoso.com: probe write accepted, deleted duplicate"
                    + " john.smith1234@contoso.onmicrosoft.com, purged"
                    + " john.smith1234@contoso.onmicrosoft.com, linked"),
        run.toString());
    assertTrue(
        run.err()
            .contains(
                "[4/5] annaw → anna.white@contoso.com: linked, AD UPN set to anna.white@contoso.com"),
        run.toString());
    assertTrue(
        run.err().contains("[5/5] bobl → bob.lee@contoso.com: already linked"), run.toString());

    // The journal: a full backup of each object before it was deleted or purged.
    List<JsonNode> journal = box.journal();
    assertBackedUpBeforeDeletion(journal, JOHN_DUP, "deleteUser");
    assertBackedUpBeforeDeletion(journal, JOHN_DUP, "purgeDeletedUser");
    assertBackedUpBeforeDeletion(journal, MARY_DELETED_DUP, "purgeDeletedUser");
    JsonNode backup = intent(journal, JOHN_DUP, "deleteUser").get("backup");
    assertEquals(
        "john.smith1234@contoso.onmicrosoft.com", backup.get("userPrincipalName").asText());
    assertEquals(JOHN_ANCHOR, backup.get("onPremisesImmutableId").asText());
    for (JsonNode e : journal) {
      if (e.get("event").asText().equals("done") && e.has("objectId")) {
        assertFalse(e.get("requestId").isNull(), "Graph's request-id is journaled: " + e);
      }
    }
    String raw = Files.readString(box.path(PLAN + ".journal.jsonl"));
    assertFalse(raw.contains(box.ad.bindPassword()), "the journal holds no secret");
    assertFalse(raw.contains(box.tenant.token()), "the journal holds no token");
    assertFalse(
        run.out().contains(box.ad.bindPassword()) || run.err().contains(box.ad.bindPassword()));
  }

  // Running the same apply again changes nothing: every step finds its end state.
  @Test
  void aSecondApplyIsANoOp() throws Exception {
    start().planAndCommit();
    assertEquals(0, box.cli("apply", PLAN).exit());
    String after = box.snapshot();
    long writes = box.tenant.stats().writes();

    CliResult again = box.cli("apply", PLAN);

    assertEquals(0, again.exit(), again.toString());
    assertTrue(again.out().contains("Applied 0, already done 5, failed 0"), again.toString());
    assertEquals(after, box.snapshot());
    assertEquals(writes, box.tenant.stats().writes(), "no write reached the tenant");
  }

  // After apply and Entra Connect's sync, verify proves every link and a new plan has no changes.
  @Test
  void afterApplyAndSyncVerifyPassesAndANewPlanIsEmpty() {
    start().planAndCommit();
    assertEquals(0, box.cli("apply", PLAN).exit());
    CliResult pending = box.cli("verify", "links.yaml");
    assertEquals(2, pending.exit(), pending.toString());

    box.tenant.sync();

    CliResult verify = box.cli("verify", "links.yaml");
    assertEquals(0, verify.exit(), verify.toString());
    assertTrue(
        verify.out().contains("5 links: 5 linked, 0 pending-sync, 0 not-applied, 0 broken"),
        verify.toString());
    assertFalse(box.plan().hasChanges(), "a new plan has nothing left to do");
  }

  // --- refusals: exit 3, every failure listed, the tenant and AD byte-identical ---------------

  private CliResult refused(String code, String... args) {
    String before = box.snapshot();
    String[] full = new String[args.length + 2];
    full[0] = "apply";
    full[1] = PLAN;
    System.arraycopy(args, 0, full, 2, args.length);
    CliResult run = box.cli(full);
    assertEquals(3, run.exit(), run.toString());
    assertTrue(run.err().contains("refused[" + code + "]"), run.toString());
    assertTrue(run.err().contains("nothing was changed"), run.toString());
    assertEquals(before, box.snapshot(), "refused apply changed the sandboxes");
    assertFalse(
        Files.exists(box.path(PLAN + ".journal.jsonl")), "a refused apply writes no journal");
    return run;
  }

  @Test
  void refusesAPlanThatIsNotCommitted() {
    start().plan();
    box.commit("links only", "links.yaml");
    CliResult run = refused("NOT_COMMITTED");
    assertTrue(
        run.err().contains("plans/migration.plan.json: is not committed at HEAD"), run.toString());
  }

  @Test
  void refusesALinksFileThatIsNotCommitted() {
    start().plan();
    box.commit("plan only", PLAN);
    CliResult run = refused("NOT_COMMITTED");
    assertTrue(
        run.err().contains("links file links.yaml: is not committed at HEAD"), run.toString());
  }

  // An objectId edited after review and committed: the digest no longer matches.
  @Test
  void refusesAPlanWhoseObjectIdWasEditedAfterCommit() {
    start().planAndCommit();
    box.write(PLAN, box.read(PLAN).replace(JOHN_DUP, "00000000-0000-4000-8000-0000000000a5"));
    box.commit("sneaky edit", PLAN);
    CliResult run = refused("TAMPERED");
    assertTrue(run.err().contains("does not match its digest"), run.toString());
    assertFalse(run.err().contains("NOT_COMMITTED"), run.toString());
  }

  // An anchor edited after commit, not even committed: both failures are reported at once.
  @Test
  void refusesAPlanWhoseAnchorWasEditedAndReportsEveryFailure() {
    start().planAndCommit();
    // Peter's setImmutableId writes Anna's anchor instead of the link's (format 2 leaves "to" out
    // when it is the link's anchor, so the edit adds it).
    String edited =
        box.read(PLAN)
            .lines()
            .map(
                l ->
                    l.contains("\"anchor\":\"" + PETER_ANCHOR)
                        ? l.replace(
                            "{\"op\":\"setImmutableId\",",
                            "{\"op\":\"setImmutableId\",\"to\":\"" + ANNA_ANCHOR + "\",")
                        : l)
            .collect(Collectors.joining("\n", "", "\n"));
    assertTrue(edited.contains("\"to\":\"" + ANNA_ANCHOR), edited);
    box.write(PLAN, edited);
    CliResult run = refused("TAMPERED");
    assertTrue(run.err().contains("refused[NOT_COMMITTED]"), run.toString());
    assertTrue(run.err().contains("apply refused by 2 gate failures"), run.toString());
  }

  @Test
  void refusesAPlanMadeFromALinksFileChangedSince() {
    start().planAndCommit();
    box.write("links.yaml", box.read("links.yaml").replace("maxDeletes: 25", "maxDeletes: 26"));
    box.commit("raise the limit", "links.yaml");
    CliResult run = refused("SOURCE_CHANGED");
    assertTrue(run.err().contains("links file links.yaml: changed since planning"), run.toString());
  }

  // The links file names the planned tenant, but the endpoint answers as another tenant.
  @Test
  void refusesAnotherTenant() throws Exception {
    start();
    String other =
        ApplySandbox.resource("/apply/main/tenant.json")
            .replace(ApplySandbox.TENANT_ID, "99999999-0000-4000-8000-000000000009")
            .replace("\"Contoso\"", "\"Fabrikam\"");
    try (TenantEmulator fabrikam =
        TenantEmulator.start(
            TenantState.parse(other, "fabrikam.json"),
            EmulatorOptions.builder().token(box.tenant.token()).build())) {
      box.links(MAIN_LINKS, fabrikam.graphUrl().toString());
      box.plan(box.tenant.graphUrl().toString()); // planned against Contoso
      box.commit("plan", "links.yaml", PLAN);
      String fabrikamBefore = fabrikam.state().toJson();
      CliResult run = refused("WRONG_TENANT");
      assertTrue(
          run.err().contains("99999999-0000-4000-8000-000000000009 (Fabrikam)"), run.toString());
      assertEquals(fabrikamBefore, fabrikam.state().toJson());
    }
  }

  // Someone set the target's anchor between review and apply.
  @Test
  void refusesAPlanWhoseTargetAnchorChanged() {
    start().planAndCommit();
    box.editUser(PETER, u -> u.put("onPremisesImmutableId", "AAAAAAAAAAAAAAAAAAAAAA=="));
    CliResult run = refused("STALE_PLAN");
    assertTrue(
        run.err()
            .contains(
                "setImmutableId peter.parker@contoso.com ("
                    + PETER
                    + ") for peterp: changed since planning: expected onPremisesImmutableId=null,"
                    + " observed onPremisesImmutableId=AAAAAAAAAAAAAAAAAAAAAA=="),
        run.toString());
  }

  // A license assigned to the duplicate since review: it must not be deleted silently.
  @Test
  void refusesDeletingADuplicateThatGotALicense() {
    start().planAndCommit();
    box.editUser(
        JOHN_DUP,
        u -> {
          u.putArray("assignedLicenses")
              .addObject()
              .put("skuId", "05e9a617-0261-4cee-bb44-138d3ef5d965")
              .putArray("disabledPlans");
          return u;
        });
    CliResult run = refused("STALE_PLAN");
    assertTrue(
        run.err().contains("expected assignedLicenses=[], observed assignedLicenses=[05e9a617"),
        run.toString());
  }

  @Test
  void refusesWhileAnotherApplyHoldsTheLock() {
    start().planAndCommit();
    try (PlanLock first = PlanLock.tryAcquire(box.path(PLAN))) {
      CliResult run = refused("LOCKED");
      assertTrue(run.err().contains("another apply of this plan is running: pid "), run.toString());
    }
    assertEquals(0, box.cli("apply", PLAN).exit(), "free again once the first is done");
  }

  @Test
  void refusesAnOldPlanAndTheWrongBranch() {
    start().planAndCommit();
    CliResult run = refused("PLAN_TOO_OLD", "--max-age", "0s", "--require-branch", "release");
    assertTrue(
        run.err()
            .contains(
                "refused[WRONG_BRANCH] HEAD: apply runs only from the required branch: expected branch release, observed branch main"),
        run.toString());
    assertEquals(0, box.cli("apply", PLAN, "--max-age", "24h", "--require-branch", "main").exit());
  }

  // The sandbox may skip the git gate, explicitly.
  @Test
  void theLoopbackSandboxMaySkipTheGitGate() {
    start().plan();
    CliResult run = box.cli("apply", PLAN, "--skip-git-check");
    assertEquals(0, run.exit(), run.toString());
  }

  // Against a real (non-loopback) Graph endpoint the git gate cannot be skipped.
  @Test
  void theGitGateCannotBeSkippedForARealTenant() {
    start()
        .links(MAIN_LINKS, "https://graph.microsoft.com/v1.0")
        .plan(box.tenant.graphUrl().toString());
    String before = box.snapshot();
    CliResult run = box.apply(new Apply.Options(true, null, null), true, t -> t, d -> d);
    assertEquals(3, run.exit(), run.toString());
    assertTrue(
        run.err()
            .contains(
                "refused[GIT_CHECK_REQUIRED] --skip-git-check: the git gate can only be skipped"
                    + " when both the Graph and the LDAP endpoint are loopback (the sandbox):"
                    + " expected tenant.graph and directory.url on 127.0.0.1, localhost or ::1,"
                    + " observed https://graph.microsoft.com/v1.0 and "
                    + box.ad.ldapUrl()),
        run.toString());
    assertTrue(run.err().contains("refused[NOT_COMMITTED]"), run.toString());
    assertEquals(before, box.snapshot());
  }

  @Test
  void anUnreadablePlanIsInvalidInput() {
    start();
    box.write(PLAN, "{ not json");
    CliResult run = box.cli("apply", PLAN);
    assertEquals(65, run.exit(), run.toString());
    assertEquals(64, box.cli("apply", PLAN, "--max-age", "soon").exit());
  }

  // Nothing in the plan: no connection, no journal, exit 0.
  @Test
  void aPlanWithoutChangesIsANoOp() {
    start().links("  - { sam: bobl, upn: bob.lee@contoso.com }\n").planAndCommit();
    CliResult run = box.cli("apply", PLAN);
    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.out().contains("Nothing to apply"), run.toString());
    assertFalse(Files.exists(box.path(PLAN + ".journal.jsonl")));
  }

  static JsonNode intent(List<JsonNode> journal, String objectId, String step) {
    for (JsonNode e : journal) {
      if (e.get("event").asText().equals("intent")
          && step.equals(e.path("step").asText())
          && objectId.equals(e.path("objectId").asText())) {
        return e;
      }
    }
    return null;
  }

  /** A "done" line for the step exists only after an "intent" line with the object's backup. */
  static void assertBackedUpBeforeDeletion(List<JsonNode> journal, String objectId, String step) {
    List<String> seen = new ArrayList<>();
    boolean backedUp = false;
    boolean done = false;
    for (JsonNode e : journal) {
      String event = e.get("event").asText();
      if (!step.equals(e.path("step").asText()) || !objectId.equals(e.path("objectId").asText())) {
        continue;
      }
      seen.add(event);
      if (event.equals("intent")) {
        assertEquals(objectId, e.get("backup").get("id").asText());
        backedUp = true;
      }
      if (event.equals("done")) {
        assertTrue(backedUp, step + " " + objectId + " done before its backup: " + seen);
        done = true;
      }
    }
    assertTrue(done, step + " " + objectId + " never done: " + seen);
  }
}
