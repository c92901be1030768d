package dev.hardmatch.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.plan.Action;
import dev.hardmatch.plan.LinkPlan;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.spec.LinksLoader;
import dev.hardmatch.tenant.Tenant;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code hardmatch apply}: every gate before the first write ({@link ApplyGates}), then the {@link
 * Executor} under the plan's lock, with the journal beside the plan. Returns the exit code (README,
 * Commands): 0 done (also when nothing was left to do), 1 stopped on a failure, 3 refused.
 */
public final class Apply {
  /**
   * The command-line options.
   *
   * @param maxAge null for no limit
   * @param requireBranch null for any branch
   * @param triggerSync {@code --sync}: run the links file's trigger hook after resume
   */
  public record Options(
      boolean skipGitCheck, String requireBranch, Duration maxAge, boolean triggerSync) {
    public Options(boolean skipGitCheck, String requireBranch, Duration maxAge) {
      this(skipGitCheck, requireBranch, maxAge, false);
    }

    public static Options defaults() {
      return new Options(false, null, null, false);
    }
  }

  /** How apply reaches the outside world: the CLI wires the real adapters, tests decorate them. */
  public interface Environment {
    /** Loads (and validates) the links file the plan was made from. */
    LinksFile loadLinks(Path file);

    /** Validates links file bytes already read (and checked) as if read from {@code file}. */
    default LinksFile loadLinks(Path file, byte[] raw) {
      return LinksLoader.parse(raw, file, file.toString());
    }

    /**
     * Refuses (exit 65) a links file naming endpoints or credential files this run may not use;
     * called before any connection or credential read. None by default.
     */
    default void checkTrust(LinksFile links) {}

    /** Connects to the tenant the links file names. Called at most once, only when needed. */
    Tenant openTenant(LinksFile links);

    /** Connects to the directory the links file names. Called at most once, only when needed. */
    Directory openDirectory(LinksFile links);
  }

  private final Environment env;
  private final Options options;
  private final Clock clock;
  private final Path workDir;
  private final PrintWriter out;
  private final PrintWriter err;
  private Map<String, String> hookEnv = Map.of();

  public Apply(
      Environment env,
      Options options,
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

  /**
   * Variables the sync hooks get on top of this process's environment (the CLI passes its own
   * environment, so tests can give the hooks theirs).
   */
  public Apply withHookEnvironment(Map<String, String> env) {
    this.hookEnv = Map.copyOf(env);
    return this;
  }

  /** Applies {@code planFile}; returns the exit code. */
  public int run(Path planFile) {
    try (Connections conn = new Connections(env)) {
      ApplyGates gates = new ApplyGates(env, options, clock, workDir, conn);
      ApplyGates.Outcome gated = gates.run(planFile);
      if (!gated.refusals().isEmpty()) {
        return refuse(gated.refusals());
      }
      Plan plan = gated.plan();
      if (!plan.hasChanges()) {
        out.println(
            "Nothing to apply: all "
                + plan.links().size()
                + " links are unchanged in the plan. Check them with: hardmatch verify "
                + plan.source().path());
        out.flush();
        return 0;
      }
      // Every gate passed: only now is anything created (the lock, then the journal).
      try (PlanLock lock = PlanLock.tryAcquire(planFile)) {
        if (lock == null) {
          return refuse(
              List.of(
                  Refusal.of(
                      Refusal.Code.LOCKED,
                      "plan " + planFile.getFileName(),
                      "another apply of this plan is running: " + PlanLock.holder(planFile))));
        }
        if (options.triggerSync() && gated.links().sync().trigger().isEmpty()) {
          throw new HardmatchException(
              HardmatchException.Code.USAGE,
              "apply --sync needs a trigger hook, and " + plan.source().path() + " has none",
              "add sync.trigger to the links file (README \"Sync hooks\"), or run without --sync");
        }
        SyncHooks hooks = new SyncHooks(gated.links().sync(), hookEnv, workDir, err);
        if (!hooks.pause()) {
          err.println(
              "error: apply stopped before its first write: the sync hook pause failed;"
                  + " nothing was changed");
          err.println(
              "hint: fix sync.pause in "
                  + plan.source().path()
                  + " (or the Entra Connect server it reaches) and run the same command again;"
                  + " apply pauses the scheduler so that no sync lands between a purge and"
                  + " setImmutableId");
          err.flush();
          return 1;
        }
        int code;
        try {
          code = execute(planFile, plan, gated.gone(), conn);
        } finally {
          if (!hooks.resume()) {
            err.println(
                "warning: the sync hook resume failed: the sync scheduler may still be paused;"
                    + " resume it by hand (Set-ADSyncScheduler -SyncCycleEnabled $true)");
            err.flush();
          }
        }
        return afterResume(code, hooks);
      }
    }
  }

  /** {@code --sync}: the trigger hook, only after a complete apply. */
  private int afterResume(int code, SyncHooks hooks) {
    if (!options.triggerSync()) {
      return code;
    }
    if (code != 0) {
      err.println(
          "not running the sync hook trigger: apply did not finish, and a sync now would"
              + " re-create the duplicates of half-done links; run apply again first");
    } else if (!hooks.trigger()) {
      err.println(
          "warning: the sync hook trigger failed; start a delta sync by hand"
              + " (Start-ADSyncSyncCycle -PolicyType Delta)");
    }
    err.flush();
    return code;
  }

  private int refuse(List<Refusal> refusals) {
    return refuse(err, "apply", refusals);
  }

  /** Prints every refusal, the verdict and one hint per code; returns exit 3. */
  static int refuse(PrintWriter err, String command, List<Refusal> refusals) {
    for (Refusal r : refusals) {
      err.println(r.format());
    }
    err.println(
        "error: "
            + command
            + " refused by "
            + refusals.size()
            + (refusals.size() == 1 ? " gate failure" : " gate failures")
            + "; nothing was changed");
    Set<Refusal.Code> codes = new TreeSet<>();
    for (Refusal r : refusals) {
      codes.add(r.code());
    }
    for (Refusal.Code c : codes) {
      err.println("hint: " + hint(c));
    }
    err.flush();
    return 3;
  }

  static String hint(Refusal.Code code) {
    return switch (code) {
      case TAMPERED ->
          "TAMPERED: never edit a plan by hand; plan again with 'hardmatch plan -o'"
              + " and have it reviewed";
      case NOT_COMMITTED ->
          "NOT_COMMITTED: commit the plan and its links file, have them reviewed,"
              + " and apply what was merged";
      case SOURCE_CHANGED -> "SOURCE_CHANGED: the links file changed since planning; plan again";
      case GIT_CHECK_REQUIRED ->
          "GIT_CHECK_REQUIRED: --skip-git-check works only against the"
              + " loopback sandbox; commit and review the plan instead";
      case WRONG_BRANCH -> "WRONG_BRANCH: apply from the required branch (after the merge)";
      case PLAN_TOO_OLD -> "PLAN_TOO_OLD: plan again so it reflects the tenant of today";
      case WRONG_TENANT ->
          "WRONG_TENANT: check the credentials (AZURE_TENANT_ID) and tenant.graph;"
              + " a plan only ever applies to the tenant it was made for";
      case WRONG_DIRECTORY ->
          "WRONG_DIRECTORY: the links file points at another AD than the plan;" + " plan again";
      case STALE_PLAN ->
          "STALE_PLAN: the tenant or AD changed since planning; plan again, review"
              + " the new plan and apply it";
      case LOCKED -> "LOCKED: wait for the other apply to finish (the lock goes with its process)";
      case NO_JOURNAL ->
          "NO_JOURNAL: unlink reverts what the journal records; give the plan apply ran, in the"
              + " folder its <plan>.journal.jsonl was written to (or restore the journal from the"
              + " build artifact)";
      case SYNC_MATCHED ->
          "SYNC_MATCHED: Entra Connect has already taken the account over; unlink only works"
              + " before the next sync. Undo the link in AD and Entra Connect instead (docs/apply.md,"
              + " \"Unlink\")";
      case UNPLANNABLE ->
          "UNPLANNABLE: apply runs only what 'hardmatch plan' would plan now from the committed"
              + " links file; plan again and have the new plan reviewed";
    };
  }

  private int execute(Path planFile, Plan plan, Set<String> gone, Connections conn) {
    Path journalPath = Journal.pathFor(planFile);
    try (Journal journal = Journal.open(journalPath, clock)) {
      ObjectNode begin = journal.entry(Journal.Event.BEGIN);
      begin.put("plan", planFile.getFileName().toString());
      begin.put("digest", plan.digest());
      begin.put("tenant", plan.tenant().id());
      begin.put("pid", ProcessHandle.current().pid());
      begin.put("host", hostName());
      String version = Apply.class.getPackage().getImplementationVersion();
      begin.put("toolVersion", version == null ? "dev" : version);
      journal.append(begin);

      Executor executor =
          new Executor(
              conn.tenant(),
              conn::directory,
              journal,
              gone,
              line -> {
                err.println(line);
                err.flush();
              });
      Executor.Result result = executor.run(plan);

      ObjectNode end = journal.entry(Journal.Event.END);
      end.put("applied", result.count(Executor.LinkOutcome.APPLIED));
      end.put("alreadyDone", result.count(Executor.LinkOutcome.ALREADY_DONE));
      end.put("failed", result.count(Executor.LinkOutcome.FAILED));
      end.put("notReached", result.count(Executor.LinkOutcome.NOT_REACHED));
      journal.append(end);

      String summary =
          "Applied "
              + result.count(Executor.LinkOutcome.APPLIED)
              + ", already done "
              + result.count(Executor.LinkOutcome.ALREADY_DONE)
              + ", failed "
              + result.count(Executor.LinkOutcome.FAILED);
      out.println(summary);
      out.println("Journal: " + shown(journalPath));
      if (result.ok()) {
        out.println(
            options.triggerSync()
                ? "Next: the sync hook trigger starts a delta sync; then check every link:"
                    + " hardmatch verify "
                    + plan.source().path()
                : "Next: run a delta sync on the Entra Connect server"
                    + " (Start-ADSyncSyncCycle -PolicyType Delta), then check every link:"
                    + " hardmatch verify "
                    + plan.source().path());
        out.flush();
        err.flush();
        return 0;
      }
      reportFailure(planFile, plan, result, journalPath);
      out.flush();
      return 1;
    }
  }

  private void reportFailure(Path planFile, Plan plan, Executor.Result result, Path journal) {
    Executor.Failure f = result.failure();
    boolean race = false;
    for (Executor.Failure each : result.failures()) {
      LinkPlan link = plan.links().get(each.linkIndex());
      err.println(
          (each == f ? "error: apply stopped at link " : "error: also failed: link ")
              + (each.linkIndex() + 1)
              + " of "
              + plan.links().size()
              + " ("
              + link.sam()
              + " → "
              + link.upn()
              + "), step "
              + each.step()
              + ": "
              + each.message());
      race |= each.syncRace();
    }
    List<String> doneLinks = new ArrayList<>();
    List<String> remaining = new ArrayList<>();
    for (int i = 0; i < plan.links().size(); i++) {
      LinkPlan l = plan.links().get(i);
      Executor.LinkOutcome o = result.outcomes().get(i);
      if (o == Executor.LinkOutcome.APPLIED) {
        doneLinks.add(l.sam());
      } else if (o == Executor.LinkOutcome.NOT_REACHED && !l.actions().isEmpty()) {
        List<String> steps = new ArrayList<>();
        for (Action a : l.actions()) {
          steps.add(a.type());
        }
        remaining.add(l.sam() + ": " + String.join(", ", steps));
      }
    }
    List<String> partial = new ArrayList<>();
    for (Executor.Failure each : result.failures()) {
      String sam = plan.links().get(each.linkIndex()).sam();
      remaining.add(
          result.failures().indexOf(each), sam + ": " + String.join(", ", each.remaining()));
      if (!each.done().isEmpty()) {
        partial.add("in " + sam + ": " + String.join(", ", each.done()));
      }
    }
    err.println(
        "done: "
            + (doneLinks.isEmpty() ? "no link" : "links " + String.join(", ", doneLinks))
            + (partial.isEmpty() ? "" : "; " + String.join("; ", partial)));
    err.println("remaining: " + String.join("; ", remaining));
    if (race) {
      err.println(
          "hint: pause the sync scheduler on the Entra Connect server"
              + " (Set-ADSyncScheduler -SyncCycleEnabled $false), run 'hardmatch plan' again,"
              + " review and apply the new plan, then resume the scheduler."
              + " The journal is "
              + shown(journal));
    } else {
      err.println(
          "hint: fix the cause, then run the same command again (hardmatch apply "
              + shown(planFile)
              + "): finished steps are skipped. The journal is "
              + shown(journal));
    }
    err.flush();
  }

  /** A path for messages: relative to the working folder when inside it. */
  private String shown(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path base = workDir.toAbsolutePath().normalize();
    return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown";
    }
  }
}
