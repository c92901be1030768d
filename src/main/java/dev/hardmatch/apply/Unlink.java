package dev.hardmatch.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.tenant.CloudUser;
import dev.hardmatch.tenant.Organization;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code hardmatch unlink PLAN}: before the next sync, reverts what apply did to a plan, from its
 * journal (docs/apply.md, "Unlink"). Gated like apply: the offline gates ({@link
 * ApplyGates#offline}), a journal recording an apply ({@code NO_JOURNAL}), then live: the tenant is
 * the planned one ({@code WRONG_TENANT}), no link has been taken over by sync yet ({@code
 * SYNC_MATCHED}: its target is synced and holds the link's anchor), and nothing was moved by
 * someone else ({@code STALE_PLAN}). Its steps go into the same journal after a {@code begin} with
 * {@code command: unlink}; each is skipped when its end state already holds, so a re-run after a
 * crash completes. Exit codes as apply: 0 done, 1 a step failed (run again), 3 refused.
 */
public final class Unlink {
  private final Apply.Environment env;
  private final Apply.Options options;
  private final Clock clock;
  private final Path workDir;
  private final PrintWriter out;
  private final PrintWriter err;

  public Unlink(
      Apply.Environment env,
      Apply.Options options,
      Clock clock,
      Path workDir,
      PrintWriter out,
      PrintWriter err) {
    this.env = env;
    this.options = options;
    this.clock = clock;
    this.workDir = workDir;
    this.out = out;
    this.err = err;
  }

  /** Unlinks {@code planFile}; returns the exit code. */
  public int run(Path planFile) {
    try (Connections conn = new Connections(env)) {
      ApplyGates.Outcome gated =
          new ApplyGates(env, options, clock, workDir, conn).offline(planFile);
      List<Refusal> refusals = new ArrayList<>(gated.refusals());
      Path journalPath = Journal.pathFor(planFile);
      List<JournalLines.Line> lines =
          Files.exists(journalPath) ? JournalLines.read(journalPath, false) : List.of();
      if (lines.stream().noneMatch(l -> isApplyBegin(l))) {
        refusals.add(
            Refusal.of(
                Refusal.Code.NO_JOURNAL,
                "plan " + planFile.getFileName(),
                "no journal of an apply of this plan at " + shown(journalPath)));
      }
      if (!refusals.isEmpty() || gated.plan() == null || gated.links() == null) {
        return Apply.refuse(err, "unlink", refusals);
      }
      Plan plan = gated.plan();
      UndoSteps undo = UndoSteps.of(plan, lines);
      if (undo.isEmpty()) {
        out.println(
            "Nothing to unlink: the journal records no step of apply that can be reverted.");
        reportPurged(undo, journalPath);
        out.flush();
        return 0;
      }
      conn.use(gated.links());
      refusals.addAll(liveGates(plan, undo, conn));
      if (!refusals.isEmpty()) {
        return Apply.refuse(err, "unlink", refusals);
      }
      try (PlanLock lock = PlanLock.tryAcquire(planFile)) {
        if (lock == null) {
          return Apply.refuse(
              err,
              "unlink",
              List.of(
                  Refusal.of(
                      Refusal.Code.LOCKED,
                      "plan " + planFile.getFileName(),
                      "another apply or unlink of this plan is running: "
                          + PlanLock.holder(planFile))));
        }
        return execute(planFile, plan, undo, conn, journalPath);
      }
    }
  }

  private static boolean isApplyBegin(JournalLines.Line l) {
    return Journal.Event.BEGIN.is(l.entry())
        && l.entry().path("command").asText("apply").equals("apply");
  }

  /** The tenant is the planned one; sync has not matched any link; no anchor moved elsewhere. */
  private List<Refusal> liveGates(Plan plan, UndoSteps undo, Connections conn) {
    List<Refusal> refusals = new ArrayList<>();
    Organization org = conn.tenant().organization();
    if (org == null || !plan.tenant().id().equalsIgnoreCase(org.tenantId())) {
      refusals.add(
          Refusal.of(
              Refusal.Code.WRONG_TENANT,
              "tenant",
              "the tenant answering is not the one the plan was made for",
              plan.tenant().id(),
              org == null ? "no organization" : org.tenantId()));
      return refusals;
    }
    for (UndoSteps.LinkUndo l : undo.links) {
      for (UndoSteps.Revert r : l.reverts()) {
        if (!(r instanceof UndoSteps.RestoreAnchor a)) {
          continue;
        }
        Optional<CloudUser> target = conn.tenant().user(a.objectId());
        if (target.isEmpty()) {
          refusals.add(
              Refusal.of(
                  Refusal.Code.STALE_PLAN,
                  "link " + l.link().sam(),
                  "the target " + a.upn() + " (" + a.objectId() + ") is gone"));
          continue;
        }
        CloudUser t = target.get();
        String now = t.onPremisesImmutableId();
        if (t.synced() && Objects.equals(now, a.to())) {
          refusals.add(
              Refusal.of(
                  Refusal.Code.SYNC_MATCHED,
                  "link " + l.link().sam(),
                  "a sync cycle has already matched "
                      + a.upn()
                      + " to the AD user (onPremisesSyncEnabled true, anchor "
                      + now
                      + "); it can no longer be unlinked by hardmatch"));
        } else if (!Objects.equals(now, a.to())
            && !Objects.equals(now, a.from())
            && !dev.hardmatch.plan.ProbeAnchor.isFor(now, a.objectId())) {
          refusals.add(
              Refusal.of(
                  Refusal.Code.STALE_PLAN,
                  "link " + l.link().sam(),
                  "the anchor of " + a.upn() + " changed since apply",
                  a.to(),
                  now));
        }
      }
    }
    return refusals;
  }

  private int execute(
      Path planFile, Plan plan, UndoSteps undo, Connections conn, Path journalPath) {
    try (Journal journal = Journal.open(journalPath, clock)) {
      ObjectNode begin = journal.entry(Journal.Event.BEGIN);
      begin.put("command", "unlink");
      begin.put("plan", planFile.getFileName().toString());
      begin.put("digest", plan.digest());
      begin.put("tenant", plan.tenant().id());
      begin.put("pid", ProcessHandle.current().pid());
      journal.append(begin);
      UnlinkSteps steps = new UnlinkSteps(conn, journal);
      int undone = 0;
      int already = 0;
      List<String> failures = new ArrayList<>();
      for (UndoSteps.LinkUndo l : undo.links) {
        UnlinkSteps.Outcome o = steps.run(l);
        err.println(
            "["
                + (l.index() + 1)
                + "/"
                + plan.links().size()
                + "] "
                + l.link().sam()
                + " → "
                + l.link().upn()
                + ": "
                + String.join(", ", o.parts()));
        err.flush();
        if (o.failure() != null) {
          failures.add(l.link().sam() + ": " + o.failure());
        } else if (o.wrote()) {
          undone++;
        } else {
          already++;
        }
      }
      ObjectNode end = journal.entry(Journal.Event.END);
      end.put("unlinked", undone);
      end.put("alreadyUndone", already);
      end.put("failed", failures.size());
      end.put("cannotUndo", undo.purged.size());
      journal.append(end);
      out.println(
          "Unlinked " + undone + ", already undone " + already + ", failed " + failures.size());
      reportPurged(undo, journalPath);
      out.println("Journal: " + shown(journalPath));
      out.flush();
      if (!failures.isEmpty()) {
        for (String f : failures) {
          err.println("error: unlink failed for " + f);
        }
        err.println(
            "hint: fix the cause, then run the same command again (hardmatch unlink "
                + shown(planFile)
                + "): finished steps are skipped");
        err.flush();
        return 1;
      }
      out.println(
          "Next: the tenant and AD are as before apply; 'hardmatch plan' shows the plan again."
              + " Keep the sync scheduler paused until you apply a corrected plan.");
      out.flush();
      return 0;
    }
  }

  private void reportPurged(UndoSteps undo, Path journalPath) {
    for (UndoSteps.Purged p : undo.purged) {
      out.println(
          "Cannot be undone: "
              + p.link()
              + ": "
              + p.upn()
              + " ("
              + p.objectId()
              + ") was purged (deleted permanently); its backup is in "
              + shown(journalPath)
              + (p.backupLine() == null ? "" : ":" + p.backupLine()));
    }
  }

  private String shown(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path base = workDir.toAbsolutePath().normalize();
    return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
  }
}
