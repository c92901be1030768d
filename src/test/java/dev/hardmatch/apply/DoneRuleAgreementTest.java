package dev.hardmatch.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.directory.AdUser;
import dev.hardmatch.plan.Action;
import dev.hardmatch.plan.DeleteUser;
import dev.hardmatch.plan.Expect;
import dev.hardmatch.plan.LinkPlan;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PurgeDeletedUser;
import dev.hardmatch.plan.SetAdUpn;
import dev.hardmatch.plan.SetImmutableId;
import dev.hardmatch.plan.TenantView;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.CloudUser;
import dev.hardmatch.tenant.TenantSnapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stale-plan gate and the executor decide "this step is already done" by the same rule (the
 * action's {@code alreadyDone}), so they cannot disagree: for every action type and every state the
 * tenant (or AD) can be in, the executor skips exactly when the rule holds, the gate never refuses
 * a step whose end state holds, and a step the gate lets through never fails in the executor's own
 * re-check.
 */
class DoneRuleAgreementTest {
  private static final String OLD = "b2xkb2xkb2xkb2xkb2xkbw==";
  private static final String NEW = "bmV3bmV3bmV3bmV3bmV3bg==";
  private static final String OTHER = "b3RoZXJvdGhlcm90aGVyMQ==";

  @TempDir Path dir;

  /** Where the one cloud object a step touches can be. */
  enum Where {
    ACTIVE_AS_PLANNED,
    ACTIVE_WITH_NEW_ANCHOR,
    ACTIVE_WITH_OTHER_ANCHOR,
    IN_RECYCLE_BIN,
    IN_RECYCLE_BIN_OTHER_ANCHOR,
    GONE
  }

  @Test
  void gateAndExecutorAgreeOnEveryCloudStepInEveryState() {
    int cases = 0;
    for (String type : List.of("deleteUser", "purgeDeletedUser", "setImmutableId")) {
      for (Where where : Where.values()) {
        for (boolean deletedFirst : List.of(false, true)) {
          if (deletedFirst && !type.equals("purgeDeletedUser")) {
            continue;
          }
          check(type, where, deletedFirst);
          cases++;
        }
      }
    }
    assertEquals(24, cases);
  }

  private void check(String type, Where where, boolean deletedFirst) {
    String label = type + " / " + where + (deletedFirst ? " / after its delete" : "");
    boolean planOld = !type.equals("setImmutableId");
    Expect expect =
        new Expect("x", "x@contoso.com", planOld ? OLD : null, !planOld, List.of(), false);
    Action step =
        switch (type) {
          case "deleteUser" -> new DeleteUser("x", "x@contoso.com", expect);
          case "purgeDeletedUser" -> new PurgeDeletedUser("x", "x@contoso.com", expect);
          default -> new SetImmutableId("x", "x@contoso.com", null, NEW, expect);
        };
    List<Action> actions = new ArrayList<>();
    if (deletedFirst) {
      actions.add(new DeleteUser("x", "x@contoso.com", expect));
    }
    actions.add(step);
    LinkPlan link =
        new LinkPlan(
            "x",
            "x@contoso.com",
            LinkPlan.CHANGE,
            new LinkPlan.AnchorRef("objectGUID", "g", NEW),
            false,
            actions,
            List.of(),
            List.of());
    Plan plan = new Plan("1", null, null, null, null, null, null, null, List.of(link));

    // The gate and the executor each get a fresh view of the same state, as in a real run.
    List<Refusal> refusals = StalePlanGate.check(plan, view(where, planOld));
    boolean gateRefusesStep =
        refusals.stream().anyMatch(r -> r.toString().contains(type + " x@contoso.com"));
    TenantView executorView = view(where, planOld);
    boolean rule = alreadyDone(step, view(where, planOld));

    Boolean skipped; // null: the executor's re-check failed the step
    try (Journal journal =
        Journal.open(dir.resolve(type + where + deletedFirst), Clock.systemUTC())) {
      Steps steps = new Steps(null, new StepJournal(journal));
      try {
        skipped = steps.prepare(new Slot(0, link), step, executorView) == null;
      } catch (StepFailed e) {
        skipped = null;
      }
    }
    assertEquals(rule, Boolean.TRUE.equals(skipped), label + ": executor skips iff the rule holds");
    if (rule) {
      assertFalse(gateRefusesStep, label + ": the gate refused a step already done: " + refusals);
    }
    if (!gateRefusesStep && !(deletedFirst && where.name().startsWith("ACTIVE"))) {
      assertTrue(skipped != null, label + ": the gate passed a step the executor fails");
    }
  }

  private static boolean alreadyDone(Action a, TenantView view) {
    if (a instanceof DeleteUser d) {
      return d.alreadyDone(view);
    } else if (a instanceof PurgeDeletedUser p) {
      return p.alreadyDone(view);
    }
    return ((SetImmutableId) a).alreadyDone(view);
  }

  private static TenantView view(Where where, boolean plannedOld) {
    String planned = plannedOld ? OLD : null;
    List<CloudUser> deleted = new ArrayList<>();
    Map<String, CloudUser> byUpn = Map.of();
    switch (where) {
      case ACTIVE_AS_PLANNED -> byUpn = Map.of("x@contoso.com", user(planned, plannedOld, null));
      case ACTIVE_WITH_NEW_ANCHOR -> byUpn = Map.of("x@contoso.com", user(NEW, false, null));
      case ACTIVE_WITH_OTHER_ANCHOR ->
          byUpn = Map.of("x@contoso.com", user(OTHER, plannedOld, null));
      case IN_RECYCLE_BIN -> deleted.add(user(planned, plannedOld, "2026-01-01T00:00:00Z"));
      case IN_RECYCLE_BIN_OTHER_ANCHOR ->
          deleted.add(user(OTHER, plannedOld, "2026-01-01T00:00:00Z"));
      case GONE -> {}
    }
    return TenantView.of(new TenantSnapshot(null, byUpn, Map.of(), deleted, List.of(), List.of()));
  }

  private static CloudUser user(String anchor, boolean synced, String deletedAt) {
    return new CloudUser(
        "x",
        deletedAt == null ? "x@contoso.com" : "0123456789abcdef0123456789abcdefx@contoso.com",
        null,
        null,
        null,
        null,
        null,
        true,
        anchor,
        synced,
        List.of(),
        deletedAt);
  }

  @Test
  void gateAndExecutorAgreeOnSetAdUpnInEveryState() {
    SetAdUpn step = new SetAdUpn("CN=x,DC=corp", "x@corp.local", "x@contoso.com");
    byte[] guid = new byte[16];
    String anchor = dev.hardmatch.anchor.Anchor.ofBytes(guid).immutableId();
    LinkPlan link =
        new LinkPlan(
            "x",
            "x@contoso.com",
            LinkPlan.CHANGE,
            new LinkPlan.AnchorRef("objectGUID", "g", anchor),
            false,
            List.of(step),
            List.of(),
            List.of());
    for (String upn : List.of("x@corp.local", "x@contoso.com", "y@elsewhere.com")) {
      AdUser user =
          new AdUser("CN=x,DC=corp", "x", upn, guid, null, null, null, null, null, List.of(), 512);
      boolean rule = step.alreadyDone(user);
      List<Refusal> refusals = new ArrayList<>();
      StaleDirectoryGate.checkLink(link, List.of(user), LinksFile.SourceAnchor.AUTO, refusals);
      boolean gateRefusesStep =
          refusals.stream().anyMatch(r -> r.toString().contains("userPrincipalName"));
      if (rule) {
        assertFalse(gateRefusesStep, upn + ": the gate refused a step already done");
        try (Journal journal = Journal.open(dir.resolve("adupn"), Clock.systemUTC())) {
          Slot slot = new Slot(0, link);
          new Steps(null, new StepJournal(journal)).setAdUpn(slot, step, null, List.of(user));
          assertFalse(slot.wrote, upn + ": the executor wrote a step already done");
        }
      } else {
        assertEquals(
            !upn.equals("x@corp.local"),
            gateRefusesStep,
            upn + ": the gate refuses exactly a UPN changed to neither end");
      }
    }
  }
}
