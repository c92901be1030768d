package dev.hardmatch.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.directory.AdUser;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.plan.Action;
import dev.hardmatch.plan.DeleteUser;
import dev.hardmatch.plan.LinkPlan;
import dev.hardmatch.plan.ProbeAnchor;
import dev.hardmatch.plan.PurgeDeletedUser;
import dev.hardmatch.plan.SetAdUpn;
import dev.hardmatch.plan.SetImmutableId;
import dev.hardmatch.plan.TenantView;
import dev.hardmatch.tenant.AnchorConflictException;
import dev.hardmatch.tenant.CloudUser;
import dev.hardmatch.tenant.Tenant;
import dev.hardmatch.tenant.WriteOutcome;
import dev.hardmatch.tenant.WriteRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The executor's per-action steps: each first asks its action's {@code alreadyDone} rule (the one
 * the stale-plan gate applies too) and skips when it holds, re-checks safety on the very copy it
 * backs up, journals the intent, and returns the write; {@link #finish} records Graph's answer.
 */
final class Steps {
  private final Tenant tenant;
  private final StepJournal journal;
  private final Set<String> deletedThisRun = new HashSet<>();
  private Map<String, JsonNode> backups = Map.of();

  Steps(Tenant tenant, StepJournal journal) {
    this.tenant = tenant;
    this.journal = journal;
  }

  /**
   * Reads, in bulk, the complete backups of the objects a wave of deletes or purges is about to
   * remove (docs/apply.md, "Backups"): one read per destructive step not already done, packed into
   * {@code $batch}es with the wave's other reads.
   */
  void readBackups(List<Slot> slots, Class<? extends Action> type, TenantView view) {
    backups = Map.of();
    boolean purge = type == PurgeDeletedUser.class;
    if (type != DeleteUser.class && !purge) {
      return;
    }
    List<String> ids = new ArrayList<>();
    for (Slot slot : slots) {
      for (Action a : slot.link.actions()) {
        boolean done =
            a instanceof DeleteUser d
                ? d.alreadyDone(view)
                : a instanceof PurgeDeletedUser p && p.alreadyDone(view);
        if (slot.failed() || !type.isInstance(a) || done) {
          continue;
        }
        ids.add(StepJournal.objectId(a));
      }
    }
    if (!ids.isEmpty()) {
      backups = tenant.backups(ids, purge);
    }
  }

  /** The write for {@code a}, or null when its end state already holds (journaled as skipped). */
  WriteRequest prepare(Slot slot, Action a, TenantView view) {
    if (a instanceof DeleteUser d) {
      return delete(slot, d, view);
    }
    if (a instanceof PurgeDeletedUser p) {
      return purge(slot, p, view);
    }
    return setImmutableId(slot, (SetImmutableId) a, view);
  }

  private WriteRequest delete(Slot slot, DeleteUser d, TenantView view) {
    if (d.alreadyDone(view)) {
      journal.skipped(slot.link, d, "not an active user any more");
      slot.parts.add("duplicate " + d.userPrincipalName() + " already deleted");
      return null;
    }
    CloudUser now = view.active(d.objectId()).orElseThrow();
    // The gates checked this moments ago; re-check on the very copy we back up, so a change in
    // between can never make us delete an object other than the reviewed one.
    requireSameAnchor(d.expect() == null ? null : d.expect().onPremisesImmutableId(), now, d);
    journal.intent(slot.link, d, now, backups.get(d.objectId()));
    return WriteRequest.deleteUser(d.objectId());
  }

  private WriteRequest purge(Slot slot, PurgeDeletedUser p, TenantView view) {
    if (p.alreadyDone(view)) {
      journal.skipped(slot.link, p, "not in the recycle bin any more");
      slot.parts.add("already purged " + p.userPrincipalName());
      return null;
    }
    CloudUser inBin = view.deleted(p.objectId());
    if (inBin == null) {
      // Deleted moments ago and active again: a sync cycle restores a recycle-bin user that holds
      // an AD user's anchor. Nothing is lost (its backup is journaled), but the scheduler must be
      // paused before trying again.
      boolean justDeleted = deletedThisRun.contains(p.objectId());
      throw new StepFailed(
          "object "
              + p.objectId()
              + " is active again, not in the recycle bin"
              + (justDeleted
                  ? ": a sync cycle restored it after the delete. Nothing was lost (its backup"
                      + " is in "
                      + journal.journal().path()
                      + "). Pause the sync scheduler (Set-ADSyncScheduler -SyncCycleEnabled"
                      + " $false) and plan again"
                  : "; it was restored since planning: plan again"),
          justDeleted,
          null);
    }
    requireSameAnchor(p.expect() == null ? null : p.expect().onPremisesImmutableId(), inBin, p);
    journal.intent(slot.link, p, inBin, backups.get(p.objectId()));
    return WriteRequest.purgeDeletedUser(p.objectId());
  }

  private WriteRequest setImmutableId(Slot slot, SetImmutableId s, TenantView view) {
    Optional<CloudUser> now = view.active(s.objectId());
    if (now.isEmpty()) {
      throw new StepFailed(
          "the target " + s.userPrincipalName() + " (" + s.objectId() + ") is gone", false, null);
    }
    if (s.alreadyDone(view)) {
      journal.skipped(slot.link, s, "already holds the anchor");
      slot.parts.add("already linked");
      return null;
    }
    CloudUser target = now.get();
    if (!ProbeAnchor.startsFrom(target.onPremisesImmutableId(), target.id(), s.from())) {
      throw new StepFailed(
          "the target's onPremisesImmutableId changed: expected "
              + s.from()
              + ", observed "
              + target.onPremisesImmutableId()
              + "; plan again",
          false,
          null);
    }
    journal.intent(slot.link, s, target, null);
    return WriteRequest.setImmutableId(s.objectId(), s.to());
  }

  /**
   * The probe write for a link that deletes or purges (see {@link ProbeAnchor}), or null when none
   * is needed: the link removes nothing, the target already holds the anchor or the placeholder.
   */
  WriteRequest probe(Slot slot, SetImmutableId s, TenantView view) {
    if (slot.removed.isEmpty() || s.alreadyDone(view)) {
      return null;
    }
    Optional<CloudUser> now = view.active(s.objectId());
    if (now.isEmpty()) {
      throw new StepFailed(
          "the target " + s.userPrincipalName() + " (" + s.objectId() + ") is gone", false, null);
    }
    CloudUser target = now.get();
    if (ProbeAnchor.isFor(target.onPremisesImmutableId(), target.id())) {
      journal.skipped(slot.link, s, PROBE, "the target already holds the probe placeholder");
      return null;
    }
    if (!Objects.equals(s.from(), target.onPremisesImmutableId())) {
      throw new StepFailed(
          "the target's onPremisesImmutableId changed: expected "
              + s.from()
              + ", observed "
              + target.onPremisesImmutableId()
              + "; nothing was deleted; plan again",
          false,
          null);
    }
    String placeholder = ProbeAnchor.of(target.id());
    journal.intent(slot.link, s, PROBE, target, placeholder);
    return WriteRequest.setImmutableId(s.objectId(), placeholder);
  }

  /** Records the answer to a probe; a refusal fails the link before anything was removed. */
  void finishProbe(Slot slot, SetImmutableId s, WriteOutcome o) {
    if (!o.succeeded()) {
      throw new StepFailed(
          "Entra refused the probe write of onPremisesImmutableId on "
              + s.userPrincipalName()
              + " ("
              + o.error().getMessage()
              + "), so setImmutableId would fail too; nothing was deleted or purged for this"
              + " link — fix the cause (permission User.ReadWrite.All; a previously synced or"
              + " protected target), then run apply again",
          false,
          o.error());
    }
    journal.done(slot.link, s, PROBE, o.requestId());
    slot.parts.add("probe write accepted");
  }

  /** The journal's step name of the probe write. */
  static final String PROBE = "probeImmutableId";

  /** Records what Graph answered to one write of a wave. */
  void finish(Slot slot, Action a, WriteOutcome o) {
    boolean gone = o.notFound() && !(a instanceof SetImmutableId);
    if (!o.succeeded() && !gone) {
      if (o.error() instanceof AnchorConflictException e && a instanceof SetImmutableId s) {
        throw conflict(s, e, slot.removed);
      }
      throw o.error();
    }
    journal.done(slot.link, a, o.requestId(), gone);
    slot.done.add(a);
    slot.wrote |= !gone;
    if (a instanceof DeleteUser d) {
      deletedThisRun.add(d.objectId());
      slot.parts.add(
          (gone ? "duplicate already deleted " : "deleted duplicate ") + d.userPrincipalName());
    } else if (a instanceof PurgeDeletedUser p) {
      slot.parts.add((gone ? "already purged " : "purged ") + p.userPrincipalName());
    } else {
      slot.parts.add("linked");
    }
  }

  /** One setAdUpn: {@code found} are the AD users with the link's sam, as just read. */
  void setAdUpn(Slot slot, SetAdUpn u, Directory dir, List<AdUser> found) {
    LinkPlan link = slot.link;
    AdUser user = null;
    for (AdUser x : found) {
      if (x.dn().equalsIgnoreCase(u.dn())) {
        user = x;
      }
    }
    if (user == null) {
      throw new StepFailed("AD user " + u.dn() + " not found", false, null);
    }
    if (u.alreadyDone(user)) {
      journal.skipped(link, u, "AD userPrincipalName already " + u.to());
      slot.parts.add("AD UPN already " + u.to());
      return;
    }
    journal.intent(link, u, user.dn(), user.userPrincipalName());
    dir.setUserPrincipalName(u.dn(), u.to());
    journal.done(link, u);
    slot.wrote = true;
    slot.parts.add("AD UPN set to " + u.to());
  }

  private static void requireSameAnchor(String expected, CloudUser now, Action a) {
    if (expected != null && !expected.equals(now.onPremisesImmutableId())) {
      throw new StepFailed(
          "object "
              + now.id()
              + " changed since the gates ran: expected onPremisesImmutableId "
              + expected
              + ", observed "
              + now.onPremisesImmutableId()
              + "; nothing was done to it ("
              + a.type()
              + ")",
          false,
          null);
    }
  }

  private StepFailed conflict(SetImmutableId s, AnchorConflictException e, Set<String> removed) {
    String holder = e.conflictingObjectId();
    if (holder != null && holder.startsWith("User_")) {
      holder = holder.substring("User_".length());
    }
    String rid = e.requestId() == null ? "" : " (request-id " + e.requestId() + ")";
    if (holder != null && !removed.contains(holder)) {
      String who = holder;
      try {
        Optional<CloudUser> h = tenant.user(holder);
        if (h.isPresent()) {
          who = Facts.describe(h.get());
        }
      } catch (HardmatchException ignored) {
        // the id alone still tells the user what to look at
      }
      return new StepFailed(
          "sync re-created a duplicate between the purge and setImmutableId: "
              + who
              + " now holds anchor "
              + s.to()
              + rid
              + ". Nothing was lost: "
              + s.userPrincipalName()
              + " holds no AD anchor (at most apply's probe placeholder) and every deleted"
              + " object's backup is in "
              + journal.journal().path()
              + ". Pause the sync scheduler (Set-ADSyncScheduler -SyncCycleEnabled $false),"
              + " plan again, review and apply, then resume it"
              + " (Set-ADSyncScheduler -SyncCycleEnabled $true)",
          true,
          e);
    }
    if (holder != null) {
      return new StepFailed(
          "Graph still reports the purged object "
              + holder
              + " as holding anchor "
              + s.to()
              + rid
              + " (its purge may not have propagated yet); run the same apply again in a minute",
          false,
          e);
    }
    return new StepFailed(
        "another object holds anchor " + s.to() + rid + "; plan again to see which", false, e);
  }
}
