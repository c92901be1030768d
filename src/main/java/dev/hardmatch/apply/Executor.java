package dev.hardmatch.apply;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.directory.AdUser;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.directory.DirectorySnapshot;
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
import dev.hardmatch.tenant.TenantSnapshot;
import dev.hardmatch.tenant.WriteOutcome;
import dev.hardmatch.tenant.WriteRequest;
import dev.hardmatch.util.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Executes a plan that passed every gate, in plan order, a chunk of links at a time. Within a chunk
 * the steps go in waves — every deleteUser, then every purgeDeletedUser, then every setImmutableId
 * (each wave one {@link Tenant#writeBatch}, packed into paced {@code $batch}es by the Graph
 * adapter), then every setAdUpn — so a link's steps keep their order while thousands of links cost
 * a few dozen requests, not one per step (DESIGN §10).
 *
 * <p>Each step first checks whether its end state already holds (from a bulk read of the chunk) and
 * skips it if so, so running the same plan again after a crash or failure resumes where it stopped.
 * Before a destructive step the journal gets the intent and a full backup of the object as just
 * read; after it, the outcome with Graph's request-id. A failed step fails its link (its later
 * steps are not tried); the other links of the chunk finish, and the run stops before the next
 * chunk.
 */
public final class Executor {
  private static final ObjectMapper JSON = Json.mapper();

  private final Tenant tenant;
  private final Supplier<Directory> directory;
  private final Journal journal;
  private final Consumer<String> progress;
  private final Set<String> gone;
  private final Set<String> deletedThisRun = new HashSet<>();

  /**
   * @param directory opened on first use (only plans with setAdUpn need it during execution)
   * @param gone objects known to be neither active nor in the recycle bin (purged: final), which
   *     need no single read when a bulk read does not return them
   * @param progress receives one line per link
   */
  public Executor(
      Tenant tenant,
      Supplier<Directory> directory,
      Journal journal,
      Set<String> gone,
      Consumer<String> progress) {
    this.tenant = tenant;
    this.directory = directory;
    this.journal = journal;
    this.gone = gone;
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
   * @param failures every failed link, in plan order; empty when the run succeeded
   */
  public record Result(List<LinkOutcome> outcomes, List<Failure> failures) {
    /** The first failure in plan order, or null. */
    public Failure failure() {
      return failures.isEmpty() ? null : failures.get(0);
    }

    public long count(LinkOutcome o) {
      return outcomes.stream().filter(x -> x == o).count();
    }

    public boolean ok() {
      return failures.isEmpty();
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

  /** Links per chunk: the unit of bulk reads, and how far a run goes past a failure. */
  static final int CHUNK = 100;

  /** One link's progress through the waves of its chunk. */
  private static final class Slot {
    final int index;
    final LinkPlan link;
    final List<String> parts = new ArrayList<>();
    final Set<Action> done = new HashSet<>();
    final Set<String> removed = new HashSet<>();
    boolean wrote;
    Action failedAt;
    String failure;
    boolean syncRace;

    Slot(int index, LinkPlan link) {
      this.index = index;
      this.link = link;
      for (Action a : link.actions()) {
        if (a instanceof DeleteUser d) {
          removed.add(d.objectId());
        } else if (a instanceof PurgeDeletedUser p) {
          removed.add(p.objectId());
        }
      }
    }

    boolean failed() {
      return failedAt != null;
    }
  }

  /** A write prepared for a wave: the slot and action it belongs to. */
  private record Pending(Slot slot, Action action, WriteRequest request) {}

  public Result run(Plan plan) {
    int total = plan.links().size();
    List<LinkOutcome> outcomes = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (int start = 0; start < total; start += CHUNK) {
      if (!failures.isEmpty()) {
        for (int i = start; i < Math.min(total, start + CHUNK); i++) {
          outcomes.add(LinkOutcome.NOT_REACHED);
        }
        continue;
      }
      List<Slot> slots = new ArrayList<>();
      for (int i = start; i < Math.min(total, start + CHUNK); i++) {
        slots.add(new Slot(i, plan.links().get(i)));
      }
      runChunk(slots);
      for (Slot slot : slots) {
        LinkPlan link = slot.link;
        String head =
            "[" + (slot.index + 1) + "/" + total + "] " + link.sam() + " → " + link.upn() + ": ";
        if (link.actions().isEmpty()) {
          progress.accept(head + "already linked (unchanged in the plan)");
          outcomes.add(LinkOutcome.ALREADY_DONE);
          continue;
        }
        progress.accept(head + String.join(", ", slot.parts));
        if (slot.failed()) {
          outcomes.add(LinkOutcome.FAILED);
          failures.add(failureOf(slot));
        } else {
          outcomes.add(slot.wrote ? LinkOutcome.APPLIED : LinkOutcome.ALREADY_DONE);
        }
      }
    }
    return new Result(outcomes, List.copyOf(failures));
  }

  private static Failure failureOf(Slot slot) {
    List<String> done = new ArrayList<>();
    List<String> remaining = new ArrayList<>();
    for (Action a : slot.link.actions()) {
      (slot.done.contains(a) ? done : remaining).add(describe(a));
    }
    return new Failure(
        slot.index, describe(slot.failedAt), slot.failure, done, remaining, slot.syncRace);
  }

  private void runChunk(List<Slot> slots) {
    List<Slot> active = new ArrayList<>();
    for (Slot s : slots) {
      if (!s.link.actions().isEmpty()) {
        active.add(s);
      }
    }
    if (active.isEmpty()) {
      return;
    }
    State state = read(active);
    int deletes = wave(active, DeleteUser.class, state);
    if (has(active, PurgeDeletedUser.class)) {
      if (deletes > 0) {
        state = read(active); // the duplicates just deleted are in the recycle bin now
      }
      wave(active, PurgeDeletedUser.class, state);
    }
    wave(active, SetImmutableId.class, state);
    adUpnWave(active);
  }

  private static boolean has(List<Slot> slots, Class<? extends Action> type) {
    for (Slot s : slots) {
      for (Action a : s.link.actions()) {
        if (type.isInstance(a) && !s.failed()) {
          return true;
        }
      }
    }
    return false;
  }

  /** What the tenant holds now for a chunk, read in bulk; single reads fill the gaps. */
  private final class State {
    final Map<String, CloudUser> active = new HashMap<>();
    final Map<String, CloudUser> deleted = new HashMap<>();

    Optional<CloudUser> active(String id) {
      CloudUser u = active.get(id);
      if (u != null) {
        return Optional.of(u);
      }
      if (deleted.containsKey(id) || gone.contains(id)) {
        return Optional.empty(); // in the recycle bin, or known purged: not active
      }
      // Advanced queries are eventually consistent and a renamed target is not found by UPN:
      // ask for the object itself before concluding anything from its absence.
      Optional<CloudUser> read = tenant.user(id);
      read.ifPresent(x -> active.put(id, x));
      return read;
    }
  }

  private State read(List<Slot> slots) {
    Set<String> upns = new LinkedHashSet<>();
    Set<String> anchors = new LinkedHashSet<>();
    for (Slot s : slots) {
      upns.add(s.link.upn());
      anchors.add(s.link.anchor().immutableId());
    }
    TenantSnapshot snap = tenant.read(upns, anchors);
    State state = new State();
    for (CloudUser u : snap.usersByUpn().values()) {
      state.active.put(u.id(), u);
    }
    for (List<CloudUser> holders : snap.holdersByAnchor().values()) {
      for (CloudUser u : holders) {
        state.active.put(u.id(), u);
      }
    }
    for (CloudUser u : snap.deletedUsers()) {
      state.deleted.put(u.id(), u);
    }
    return state;
  }

  /**
   * Prepares every step of one kind in the chunk, sends them in one batch call, records each.
   * Returns how many writes were sent.
   */
  private int wave(List<Slot> slots, Class<? extends Action> type, State state) {
    List<Pending> pending = new ArrayList<>();
    for (Slot slot : slots) {
      for (Action a : slot.link.actions()) {
        if (slot.failed() || !type.isInstance(a)) {
          continue;
        }
        try {
          WriteRequest w = prepare(slot, a, state);
          if (w != null) {
            pending.add(new Pending(slot, a, w));
          } else {
            slot.done.add(a);
          }
        } catch (RuntimeException e) {
          fail(slot, a, e);
        }
      }
    }
    if (pending.isEmpty()) {
      return 0;
    }
    List<WriteRequest> requests = new ArrayList<>();
    for (Pending p : pending) {
      requests.add(p.request());
    }
    List<WriteOutcome> outcomes;
    try {
      outcomes = tenant.writeBatch(requests);
    } catch (RuntimeException e) {
      // Graph unreachable mid-batch: which writes took effect is unknown. The next run reads the
      // state again and skips what is done.
      for (Pending p : pending) {
        fail(
            p.slot(),
            p.action(),
            new StepFailed(
                "outcome unknown (" + message(e) + "); run the same apply again", false, e));
      }
      return pending.size();
    }
    for (int i = 0; i < pending.size(); i++) {
      Pending p = pending.get(i);
      WriteOutcome o = outcomes.get(i);
      try {
        finish(p.slot(), p.action(), o);
      } catch (RuntimeException e) {
        fail(p.slot(), p.action(), e);
      }
    }
    return pending.size();
  }

  /** Checks the step's end state and safety on the fresh read; journals; returns the write. */
  private WriteRequest prepare(Slot slot, Action a, State state) {
    LinkPlan link = slot.link;
    if (a instanceof DeleteUser d) {
      Optional<CloudUser> now = state.active(d.objectId());
      if (now.isEmpty()) {
        skipped(link, d, "not an active user any more");
        slot.parts.add("duplicate " + d.userPrincipalName() + " already deleted");
        return null;
      }
      // The gates checked this moments ago; re-check on the very copy we back up, so a change in
      // between can never make us delete an object other than the reviewed one.
      requireSameAnchor(
          d.expect() == null ? null : d.expect().onPremisesImmutableId(), now.get(), d);
      intent(link, d, now.get());
      return WriteRequest.deleteUser(d.objectId());
    }
    if (a instanceof PurgeDeletedUser p) {
      CloudUser inBin = state.deleted.get(p.objectId());
      if (inBin == null) {
        if (state.active(p.objectId()).isPresent()) {
          // Deleted moments ago and active again: a sync cycle restores a recycle-bin user that
          // holds an AD user's anchor. Nothing is lost (its backup is journaled), but the
          // scheduler must be paused before trying again.
          boolean justDeleted = deletedThisRun.contains(p.objectId());
          throw new StepFailed(
              "object "
                  + p.objectId()
                  + " is active again, not in the recycle bin"
                  + (justDeleted
                      ? ": a sync cycle restored it after the delete. Nothing was lost (its backup"
                          + " is in "
                          + journal.path()
                          + "). Pause the sync scheduler (Set-ADSyncScheduler -SyncCycleEnabled"
                          + " $false) and plan again"
                      : "; it was restored since planning: plan again"),
              justDeleted,
              null);
        }
        skipped(link, p, "not in the recycle bin any more");
        slot.parts.add("already purged " + p.userPrincipalName());
        return null;
      }
      requireSameAnchor(p.expect() == null ? null : p.expect().onPremisesImmutableId(), inBin, p);
      intent(link, p, inBin);
      return WriteRequest.purgeDeletedUser(p.objectId());
    }
    SetImmutableId s = (SetImmutableId) a;
    Optional<CloudUser> now = state.active(s.objectId());
    if (now.isEmpty()) {
      throw new StepFailed(
          "the target " + s.userPrincipalName() + " (" + s.objectId() + ") is gone", false, null);
    }
    CloudUser target = now.get();
    if (s.to().equals(target.onPremisesImmutableId())) {
      skipped(link, s, "already holds the anchor");
      slot.parts.add("already linked");
      return null;
    }
    if (!Objects.equals(s.from(), target.onPremisesImmutableId())) {
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
    return WriteRequest.setImmutableId(s.objectId(), s.to());
  }

  /** Records what Graph answered to one write of a wave. */
  private void finish(Slot slot, Action a, WriteOutcome o) {
    LinkPlan link = slot.link;
    boolean gone = o.notFound() && !(a instanceof SetImmutableId);
    if (!o.succeeded() && !gone) {
      if (o.error() instanceof AnchorConflictException e && a instanceof SetImmutableId s) {
        throw conflict(link, s, e, slot.removed);
      }
      throw o.error();
    }
    ObjectNode entry = outcome(link, a, o.requestId());
    if (gone) {
      entry.put("alreadyGone", true); // 404: someone (or a lost answer) got there first
    }
    journal.append(entry);
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

  /** setAdUpn last, one LDAP modify per link, after one bulk read of the chunk's AD users. */
  private void adUpnWave(List<Slot> slots) {
    List<String> sams = new ArrayList<>();
    for (Slot slot : slots) {
      for (Action a : slot.link.actions()) {
        if (a instanceof SetAdUpn && !slot.failed()) {
          sams.add(slot.link.sam());
        }
      }
    }
    if (sams.isEmpty()) {
      return;
    }
    Directory dir = directory.get();
    DirectorySnapshot ad = dir.read(sams);
    for (Slot slot : slots) {
      for (Action a : slot.link.actions()) {
        if (a instanceof SetAdUpn u && !slot.failed()) {
          try {
            setAdUpn(slot, u, dir, ad.find(slot.link.sam()));
            slot.done.add(u);
          } catch (RuntimeException e) {
            fail(slot, u, e);
          }
        }
      }
    }
  }

  private void fail(Slot slot, Action a, RuntimeException e) {
    String message = message(e);
    boolean race = e instanceof StepFailed sf && sf.syncRace;
    ObjectNode entry = journal.entry("failed");
    entry.put("link", slot.link.sam());
    entry.put("step", a.type());
    entry.put("objectId", objectId(a));
    entry.put("error", message);
    if (race) {
      entry.put("syncRace", true);
    }
    journal.append(entry);
    slot.parts.add("FAILED " + describe(a) + ": " + message);
    slot.failedAt = a;
    slot.failure = message;
    slot.syncRace = race;
  }

  private static String message(RuntimeException e) {
    return e instanceof HardmatchException || e instanceof StepFailed
        ? e.getMessage()
        : e.toString();
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

  private void setAdUpn(Slot slot, SetAdUpn u, Directory dir, List<AdUser> found) {
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
    if (u.to().equals(user.userPrincipalName())) {
      skipped(link, u, "AD userPrincipalName already " + u.to());
      slot.parts.add("AD UPN already " + u.to());
      return;
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
    slot.wrote = true;
    slot.parts.add("AD UPN set to " + u.to());
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

  /** The "done" entry for a write (the caller appends it). */
  private ObjectNode outcome(LinkPlan link, Action a, String requestId) {
    ObjectNode entry = journal.entry("done");
    entry.put("link", link.sam());
    entry.put("step", a.type());
    entry.put("objectId", objectId(a));
    entry.put("requestId", requestId);
    return entry;
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
