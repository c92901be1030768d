package dev.hardmatch.apply;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.directory.AdUser;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.plan.Action;
import dev.hardmatch.plan.DeleteUser;
import dev.hardmatch.plan.LinkPlan;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PurgeDeletedUser;
import dev.hardmatch.plan.SetAdUpn;
import dev.hardmatch.plan.SetImmutableId;
import dev.hardmatch.tenant.AnchorConflictException;
import dev.hardmatch.tenant.CloudUser;
import dev.hardmatch.tenant.Tenant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Executes a plan that passed every gate, link by link in plan order. Each step first checks
 * whether its end state already holds and skips it if so, so running the same plan again after a
 * crash or failure resumes where it stopped. Before a destructive step the journal gets the intent
 * and a full backup of the object as just read; after it, the outcome with Graph's request-id. The
 * first failure stops the run.
 */
public final class Executor {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Tenant tenant;
  private final Supplier<Directory> directory;
  private final Journal journal;
  private final Consumer<String> progress;
  private final Set<String> deletedThisRun = new HashSet<>();

  /**
   * @param directory opened on first use (only plans with setAdUpn need it during execution)
   * @param progress receives one line per link
   */
  public Executor(
      Tenant tenant, Supplier<Directory> directory, Journal journal, Consumer<String> progress) {
    this.tenant = tenant;
    this.directory = directory;
    this.journal = journal;
    this.progress = progress;
  }

  /** What one link came to. */
  public enum LinkOutcome {
    APPLIED,
    ALREADY_DONE,
    FAILED,
    NOT_REACHED
  }

  /**
   * The run's result.
   *
   * @param outcomes one per link of the plan, in plan order
   * @param failure set when the run stopped on a failure
   */
  public record Result(List<LinkOutcome> outcomes, Failure failure) {
    public long count(LinkOutcome o) {
      return outcomes.stream().filter(x -> x == o).count();
    }

    public boolean ok() {
      return failure == null;
    }
  }

  /**
   * Where and why a run stopped.
   *
   * @param linkIndex 0-based index of the link in the plan
   * @param done steps of that link finished (or found done) before the failure
   * @param remaining steps of that link not done, the failed one first
   * @param syncRace true when a sync cycle interfered: it re-created a duplicate between purge and
   *     setImmutableId, or restored the deleted duplicate before its purge
   */
  public record Failure(
      int linkIndex,
      String step,
      String message,
      List<String> done,
      List<String> remaining,
      boolean syncRace) {}

  /** A step stopped the run; carries what the user needs to know. */
  private static final class StepFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final boolean syncRace;

    StepFailed(String message, boolean syncRace, Throwable cause) {
      super(message, cause);
      this.syncRace = syncRace;
    }
  }

  public Result run(Plan plan) {
    List<LinkOutcome> outcomes = new ArrayList<>();
    int total = plan.links().size();
    Failure failure = null;
    for (int i = 0; i < total; i++) {
      LinkPlan link = plan.links().get(i);
      String head = "[" + (i + 1) + "/" + total + "] " + link.sam() + " → " + link.upn() + ": ";
      if (failure != null) {
        outcomes.add(LinkOutcome.NOT_REACHED);
        continue;
      }
      if (link.actions().isEmpty()) {
        progress.accept(head + "already linked (unchanged in the plan)");
        outcomes.add(LinkOutcome.ALREADY_DONE);
        continue;
      }
      List<String> parts = new ArrayList<>();
      List<String> done = new ArrayList<>();
      boolean wrote = false;
      Set<String> removed = new HashSet<>();
      for (int k = 0; k < link.actions().size(); k++) {
        Action a = link.actions().get(k);
        String step = describe(a);
        try {
          Step s = execute(link, a, removed);
          parts.add(s.summary());
          wrote |= s.wrote();
          done.add(step);
        } catch (RuntimeException e) {
          // Graph, LDAP or I/O trouble, or a step that found something it must not touch: stop.
          String message =
              e instanceof HardmatchException || e instanceof StepFailed
                  ? e.getMessage()
                  : e.toString();
          boolean race = e instanceof StepFailed sf && sf.syncRace;
          ObjectNode entry = journal.entry("failed");
          entry.put("link", link.sam());
          entry.put("step", a.type());
          entry.put("objectId", objectId(a));
          entry.put("error", message);
          if (race) {
            entry.put("syncRace", true);
          }
          journal.append(entry);
          parts.add("FAILED " + step + ": " + message);
          List<String> remaining = new ArrayList<>();
          for (int r = k; r < link.actions().size(); r++) {
            remaining.add(describe(link.actions().get(r)));
          }
          failure = new Failure(i, step, message, done, remaining, race);
          break;
        }
      }
      progress.accept(head + String.join(", ", parts));
      if (failure != null) {
        outcomes.add(LinkOutcome.FAILED);
      } else {
        outcomes.add(wrote ? LinkOutcome.APPLIED : LinkOutcome.ALREADY_DONE);
      }
    }
    return new Result(outcomes, failure);
  }

  private record Step(String summary, boolean wrote) {}

  private Step execute(LinkPlan link, Action a, Set<String> removed) {
    if (a instanceof DeleteUser d) {
      return deleteUser(link, d, removed);
    } else if (a instanceof PurgeDeletedUser p) {
      return purge(link, p, removed);
    } else if (a instanceof SetImmutableId s) {
      return setImmutableId(link, s, removed);
    } else if (a instanceof SetAdUpn u) {
      return setAdUpn(link, u);
    }
    throw new IllegalStateException("unknown action " + a.type());
  }

  private Step deleteUser(LinkPlan link, DeleteUser d, Set<String> removed) {
    removed.add(d.objectId());
    Optional<CloudUser> now = tenant.user(d.objectId());
    if (now.isEmpty()) {
      skipped(link, d, "not an active user any more");
      return new Step("duplicate " + d.userPrincipalName() + " already deleted", false);
    }
    CloudUser user = now.get();
    // The gates checked this moments ago; re-check on the very copy we back up, so a change in
    // between can never make us delete an object other than the reviewed one.
    requireSameAnchor(d.expect() == null ? null : d.expect().onPremisesImmutableId(), user, d);
    intent(link, d, user);
    String requestId = tenant.deleteUser(d.objectId());
    deletedThisRun.add(d.objectId());
    outcome(link, d, requestId);
    return new Step("deleted duplicate " + d.userPrincipalName(), true);
  }

  private Step purge(LinkPlan link, PurgeDeletedUser p, Set<String> removed) {
    removed.add(p.objectId());
    Optional<CloudUser> inBin = tenant.deletedUser(p.objectId());
    if (inBin.isEmpty()) {
      if (tenant.user(p.objectId()).isPresent()) {
        // Deleted moments ago and active again: a sync cycle restores a recycle-bin user that
        // holds an AD user's anchor. Nothing is lost (its backup is journaled), but the scheduler
        // must be paused before trying again.
        boolean justDeleted = deletedThisRun.contains(p.objectId());
        throw new StepFailed(
            "object "
                + p.objectId()
                + " is active again, not in the recycle bin"
                + (justDeleted
                    ? ": a sync cycle restored it after the delete. Nothing was lost (its backup is"
                        + " in "
                        + journal.path()
                        + "). Pause the sync scheduler (Set-ADSyncScheduler -SyncCycleEnabled"
                        + " $false) and plan again"
                    : "; it was restored since planning: plan again"),
            justDeleted,
            null);
      }
      skipped(link, p, "not in the recycle bin any more");
      return new Step("already purged " + p.userPrincipalName(), false);
    }
    CloudUser user = inBin.get();
    requireSameAnchor(p.expect() == null ? null : p.expect().onPremisesImmutableId(), user, p);
    intent(link, p, user);
    String requestId = tenant.purgeDeletedUser(p.objectId());
    outcome(link, p, requestId);
    return new Step("purged " + p.userPrincipalName(), true);
  }

  private Step setImmutableId(LinkPlan link, SetImmutableId s, Set<String> removed) {
    Optional<CloudUser> now = tenant.user(s.objectId());
    if (now.isEmpty()) {
      throw new StepFailed(
          "the target " + s.userPrincipalName() + " (" + s.objectId() + ") is gone", false, null);
    }
    CloudUser target = now.get();
    if (s.to().equals(target.onPremisesImmutableId())) {
      skipped(link, s, "already holds the anchor");
      return new Step("already linked", false);
    }
    if (!java.util.Objects.equals(s.from(), target.onPremisesImmutableId())) {
      throw new StepFailed(
          "the target's onPremisesImmutableId changed: expected "
              + s.from()
              + ", observed "
              + target.onPremisesImmutableId()
              + "; plan again",
          false,
          null);
    }
    intent(link, s, target);
    String requestId;
    try {
      requestId = tenant.setImmutableId(s.objectId(), s.to());
    } catch (AnchorConflictException e) {
      throw conflict(link, s, e, removed);
    }
    outcome(link, s, requestId);
    return new Step("linked", true);
  }

  private StepFailed conflict(
      LinkPlan link, SetImmutableId s, AnchorConflictException e, Set<String> removed) {
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
              + " is unchanged and every deleted object's backup is in "
              + journal.path()
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

  private Step setAdUpn(LinkPlan link, SetAdUpn u) {
    Directory dir = directory.get();
    List<AdUser> found = dir.read(List.of(link.sam())).find(link.sam());
    AdUser user = null;
    for (AdUser x : found) {
      if (x.dn().equalsIgnoreCase(u.dn())) {
        user = x;
      }
    }
    if (user == null) {
      throw new StepFailed("AD user " + u.dn() + " not found", false, null);
    }
    if (u.to().equals(user.userPrincipalName())) {
      skipped(link, u, "AD userPrincipalName already " + u.to());
      return new Step("AD UPN already " + u.to(), false);
    }
    ObjectNode intent = journal.entry("intent");
    intent.put("link", link.sam());
    intent.put("step", u.type());
    intent.put("dn", u.dn());
    ObjectNode backup = intent.putObject("backup");
    backup.put("dn", user.dn());
    backup.put("userPrincipalName", user.userPrincipalName());
    intent.put("to", u.to());
    journal.append(intent);
    dir.setUserPrincipalName(u.dn(), u.to());
    ObjectNode done = journal.entry("done");
    done.put("link", link.sam());
    done.put("step", u.type());
    done.put("dn", u.dn());
    journal.append(done);
    return new Step("AD UPN set to " + u.to(), true);
  }

  private void requireSameAnchor(String expected, CloudUser now, Action a) {
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

  private void intent(LinkPlan link, Action a, CloudUser backup) {
    ObjectNode entry = journal.entry("intent");
    entry.put("link", link.sam());
    entry.put("step", a.type());
    entry.put("objectId", objectId(a));
    entry.set("backup", JSON.valueToTree(backup));
    if (a instanceof SetImmutableId s) {
      entry.put("from", s.from());
      entry.put("to", s.to());
    }
    journal.append(entry);
  }

  private void outcome(LinkPlan link, Action a, String requestId) {
    ObjectNode entry = journal.entry("done");
    entry.put("link", link.sam());
    entry.put("step", a.type());
    entry.put("objectId", objectId(a));
    entry.put("requestId", requestId);
    journal.append(entry);
  }

  private void skipped(LinkPlan link, Action a, String reason) {
    ObjectNode entry = journal.entry("skipped");
    entry.put("link", link.sam());
    entry.put("step", a.type());
    if (a instanceof SetAdUpn u) {
      entry.put("dn", u.dn());
    } else {
      entry.put("objectId", objectId(a));
    }
    entry.put("reason", reason);
    journal.append(entry);
  }

  static String objectId(Action a) {
    if (a instanceof DeleteUser d) {
      return d.objectId();
    } else if (a instanceof PurgeDeletedUser p) {
      return p.objectId();
    } else if (a instanceof SetImmutableId s) {
      return s.objectId();
    } else if (a instanceof SetAdUpn u) {
      return u.dn();
    }
    return null;
  }

  /** A step for messages, e.g. {@code deleteUser john1234@contoso.onmicrosoft.com (id)}. */
  static String describe(Action a) {
    if (a instanceof DeleteUser d) {
      return "deleteUser " + d.userPrincipalName() + " (" + d.objectId() + ")";
    } else if (a instanceof PurgeDeletedUser p) {
      return "purgeDeletedUser " + p.userPrincipalName() + " (" + p.objectId() + ")";
    } else if (a instanceof SetImmutableId s) {
      return "setImmutableId " + s.userPrincipalName() + " → " + s.to();
    } else if (a instanceof SetAdUpn u) {
      return "setAdUpn " + u.dn() + " → " + u.to();
    }
    return a.type();
  }
}
