package dev.hardmatch.apply;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.directory.DirectorySnapshot;
import dev.hardmatch.plan.Action;
import dev.hardmatch.plan.DeleteUser;
import dev.hardmatch.plan.LinkPlan;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PurgeDeletedUser;
import dev.hardmatch.plan.SetAdUpn;
import dev.hardmatch.plan.SetImmutableId;
import dev.hardmatch.plan.TenantView;
import dev.hardmatch.tenant.Tenant;
import dev.hardmatch.tenant.WriteOutcome;
import dev.hardmatch.tenant.WriteRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Executes a plan that passed every gate, in plan order, a chunk of links at a time. Within a chunk
 * the steps go in waves — every deleteUser, then every purgeDeletedUser, then every setImmutableId
 * (each wave one {@link Tenant#writeBatch}, packed into paced {@code $batch}es by the Graph
 * adapter), then every setAdUpn — so a link's steps keep their order while thousands of links cost
 * a few dozen requests, not one per step (docs/performance.md).
 *
 * <p>Each step first checks whether its end state already holds (its action's {@code alreadyDone}
 * rule over one {@link TenantView} of the chunk, the rule the stale-plan gate applies too) and
 * skips it if so, so running the same plan again after a crash or failure resumes where it stopped.
 * Before a destructive step the journal gets the intent and a full backup of the object as just
 * read; after it, the outcome with Graph's request-id. A failed step fails its link (its later
 * steps are not tried); the other links of the chunk finish, and the run stops before the next
 * chunk.
 */
public final class Executor {
  private final Tenant tenant;
  private final Supplier<Directory> directory;
  private final StepJournal journal;
  private final Steps steps;
  private final Consumer<String> progress;
  private final Set<String> gone;

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
    this.journal = new StepJournal(journal);
    this.steps = new Steps(tenant, this.journal);
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

  /** Links per chunk: the unit of bulk reads, and how far a run goes past a failure. */
  static final int CHUNK = 100;

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
      (slot.done.contains(a) ? done : remaining).add(StepJournal.describe(a));
    }
    return new Failure(
        slot.index,
        StepJournal.describe(slot.failedAt),
        slot.failure,
        done,
        remaining,
        slot.syncRace);
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
    TenantView state = TenantReads.read(tenant, links(active), gone);
    probeWave(active, state);
    int deletes = wave(active, DeleteUser.class, state);
    if (has(active, PurgeDeletedUser.class)) {
      if (deletes > 0) {
        state =
            TenantReads.read(
                tenant,
                links(active),
                gone); // the duplicates just deleted are in the recycle bin now
      }
      wave(active, PurgeDeletedUser.class, state);
    }
    wave(active, SetImmutableId.class, state);
    adUpnWave(active);
  }

  private static List<LinkPlan> links(List<Slot> slots) {
    List<LinkPlan> out = new ArrayList<>();
    for (Slot s : slots) {
      out.add(s.link);
    }
    return out;
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

  /**
   * Prepares every step of one kind in the chunk, sends them in one batch call, records each.
   * Returns how many writes were sent.
   */
  private int wave(List<Slot> slots, Class<? extends Action> type, TenantView state) {
    steps.readBackups(slots, type, state);
    List<Pending> pending = new ArrayList<>();
    for (Slot slot : slots) {
      for (Action a : slot.link.actions()) {
        if (slot.failed() || !type.isInstance(a)) {
          continue;
        }
        try {
          WriteRequest w = steps.prepare(slot, a, state);
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
        steps.finish(p.slot(), p.action(), o);
      } catch (RuntimeException e) {
        fail(p.slot(), p.action(), e);
      }
    }
    return pending.size();
  }

  /**
   * Before any delete or purge: every link that removes something proves, with one write of its
   * placeholder (see {@link dev.hardmatch.plan.ProbeAnchor}), that its target accepts the
   * setImmutableId write. A refusal fails that link, so its duplicates stay untouched. One wave,
   * paced and batched like the others.
   */
  private void probeWave(List<Slot> slots, TenantView state) {
    List<Slot> probing = new ArrayList<>();
    List<SetImmutableId> probed = new ArrayList<>();
    List<WriteRequest> requests = new ArrayList<>();
    for (Slot slot : slots) {
      for (Action a : slot.link.actions()) {
        if (a instanceof SetImmutableId s && !slot.failed()) {
          try {
            WriteRequest w = steps.probe(slot, s, state);
            if (w != null) {
              probing.add(slot);
              probed.add(s);
              requests.add(w);
            }
          } catch (RuntimeException e) {
            fail(slot, s, e);
          }
        }
      }
    }
    if (requests.isEmpty()) {
      return;
    }
    List<WriteOutcome> outcomes;
    try {
      outcomes = tenant.writeBatch(requests);
    } catch (RuntimeException e) {
      for (int i = 0; i < probing.size(); i++) {
        fail(
            probing.get(i),
            probed.get(i),
            new StepFailed(
                "the probe write's outcome is unknown ("
                    + message(e)
                    + "); nothing was deleted; run the same apply again",
                false,
                e));
      }
      return;
    }
    for (int i = 0; i < probing.size(); i++) {
      try {
        steps.finishProbe(probing.get(i), probed.get(i), outcomes.get(i));
      } catch (RuntimeException e) {
        fail(probing.get(i), probed.get(i), e);
      }
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
            steps.setAdUpn(slot, u, dir, ad.find(slot.link.sam()));
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
    journal.failed(slot.link, a, message, race);
    slot.parts.add("FAILED " + StepJournal.describe(a) + ": " + message);
    slot.failedAt = a;
    slot.failure = message;
    slot.syncRace = race;
  }

  private static String message(RuntimeException e) {
    return e instanceof HardmatchException || e instanceof StepFailed
        ? e.getMessage()
        : e.toString();
  }
}
