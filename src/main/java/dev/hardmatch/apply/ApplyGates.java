package dev.hardmatch.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardmatch.Diagnostic;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.directory.AdUser;
import dev.hardmatch.directory.DirectorySnapshot;
import dev.hardmatch.plan.AnchorChoice;
import dev.hardmatch.plan.LinkPlan;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PlanFile;
import dev.hardmatch.plan.TenantView;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.Organization;
import dev.hardmatch.tenant.TenantSnapshot;
import dev.hardmatch.util.BoundedFiles;
import dev.hardmatch.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every gate of docs/apply.md, run before the first write, collecting every failure: the plan is
 * intact ({@code TAMPERED}), committed as reviewed ({@code NOT_COMMITTED}, {@code SOURCE_CHANGED},
 * {@code WRONG_BRANCH}, {@code PLAN_TOO_OLD}), for this tenant and directory ({@code WRONG_TENANT},
 * {@code WRONG_DIRECTORY}), still true to reality ({@code STALE_PLAN}) and not being applied
 * elsewhere ({@code LOCKED}). Gates only read; the lock is the one thing they take, and the caller
 * releases it by closing the outcome.
 */
public final class ApplyGates {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApplyGates.class);
  private static final ObjectMapper JSON = Json.mapper();

  private final Apply.Environment env;
  private final Apply.Options options;
  private final Clock clock;
  private final Path workDir;
  private final Connections conn;
  private final Set<String> gone = new HashSet<>();

  ApplyGates(
      Apply.Environment env, Apply.Options options, Clock clock, Path workDir, Connections conn) {
    this.env = env;
    this.options = options;
    this.clock = clock;
    this.workDir = workDir;
    this.conn = conn;
  }

  /**
   * What the gates found. {@code plan} and {@code links} are set when they could be read; the lock
   * is held (when it could be taken) until close.
   */
  public static final class Outcome {
    private final Plan plan;
    private final LinksFile links;
    private final List<Refusal> refusals;
    private final Set<String> gone;

    Outcome(Plan plan, LinksFile links, List<Refusal> refusals, Set<String> gone) {
      this.plan = plan;
      this.links = links;
      this.refusals = List.copyOf(refusals);
      for (Refusal r : this.refusals) {
        LOG.debug("gate {}: refused {}", r.code(), r.subject());
      }
      if (this.refusals.isEmpty()) {
        LOG.debug("gates: all passed");
      }
      this.gone = Set.copyOf(gone);
    }

    /** Objects the gates found permanently gone (neither active nor in the recycle bin). */
    public Set<String> gone() {
      return gone;
    }

    public Plan plan() {
      return plan;
    }

    public LinksFile links() {
      return links;
    }

    public List<Refusal> refusals() {
      return refusals;
    }
  }

  /**
   * Runs every gate. Offline first: the plan's digest, git, branch, age, the links file, its tenant
   * and directory, its pins and credential files, the plan's shape, the lock — all without a
   * connection or a credential. Only when all of these pass are the tenant and AD asked (tenant id,
   * stale plan, the planner's rules now), so a refusal is never hidden behind a connection error.
   * Nothing is created: the caller takes the lock once every gate passed.
   */
  Outcome run(Path planFile) {
    Outcome offline = offline(planFile);
    if (!offline.refusals().isEmpty() || offline.plan() == null || offline.links() == null) {
      return offline;
    }
    List<Refusal> refusals = new ArrayList<>();
    conn.use(offline.links());
    checkTargets(planFile, offline.plan(), offline.links(), refusals);
    return new Outcome(offline.plan(), offline.links(), refusals, gone);
  }

  /**
   * The offline gates alone (plan digest, lock, links file, git, branch, age, target files, pins
   * and credential files, the plan's shape): also {@code hardmatch unlink}'s gates.
   */
  Outcome offline(Path planFile) {
    List<Refusal> refusals = new ArrayList<>();
    String planName = planFile.getFileName().toString();

    // 1. The plan is schema-valid and its digest matches (TAMPERED).
    byte[] planBytes = readBytes(planFile);
    Plan plan = readPlan(planFile, planBytes, refusals);
    if (plan != null && !PlanFile.digestMatches(plan)) {
      refusals.add(
          Refusal.of(
              Refusal.Code.TAMPERED,
              "plan " + planName,
              "its content does not match its digest (edited after planning?)",
              plan.digest(),
              PlanFile.digest(plan)));
    }
    if (PlanLock.isHeld(planFile)) {
      refusals.add(
          Refusal.of(
              Refusal.Code.LOCKED,
              "plan " + planName,
              "another apply of this plan is running: " + PlanLock.holder(planFile)));
    }
    LinksFile links = sourceAndGit(planFile, plan, planBytes, refusals);
    if (links != null) {
      env.checkTrust(links); // pins and credential files: exit 65 before anything connects
    }
    if (plan != null && links != null) {
      refusals.addAll(PlannableGate.checkShape(plan, links));
    }
    return new Outcome(plan, links, refusals, gone);
  }

  private static byte[] readBytes(Path planFile) {
    if (!Files.exists(planFile)) {
      throw new HardmatchException(
          HardmatchException.Code.INVALID_INPUT,
          "plan file " + planFile + " does not exist",
          "give the path of a plan written by 'hardmatch plan -o'");
    }
    return BoundedFiles.read(
        planFile, PlanFile.MAX_BYTES, "plan file", HardmatchException.Code.INVALID_INPUT);
  }

  private static Plan readPlan(Path planFile, byte[] bytes, List<Refusal> refusals) {
    try {
      return PlanFile.parse(planFile.toString(), bytes);
    } catch (HardmatchException e) {
      if (!isPlanShaped(bytes)) {
        throw e; // not a plan at all (not JSON, unknown major version): an invalid input file
      }
      StringBuilder sb = new StringBuilder("not a valid plan any more: ").append(e.getMessage());
      int n = 0;
      for (Diagnostic d : e.diagnostics()) {
        if (n++ == 5) {
          sb.append("; …");
          break;
        }
        sb.append("; ").append(d.format());
      }
      refusals.add(
          Refusal.of(Refusal.Code.TAMPERED, "plan " + planFile.getFileName(), sb.toString()));
      return null;
    }
  }

  /** JSON in the format this tool reads: a schema failure then means it was edited. */
  private static boolean isPlanShaped(byte[] bytes) {
    try {
      JsonNode root = JSON.readTree(bytes);
      if (root == null || !root.isObject()) {
        return false;
      }
      // No format at all reads as an edit; another format is an input this tool cannot read.
      return root.has("format") ? PlanFile.isCurrentFormat(root) : !root.has("formatVersion");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The gates over the plan, its links file and its repository, in the order their refusals are
   * listed. Returns the links file when it could be loaded.
   */
  private LinksFile sourceAndGit(
      Path planFile, Plan plan, byte[] planBytes, List<Refusal> refusals) {
    Optional<GitGate> git = GitGate.forFile(planFile);
    try {
      Gate.Subject subject = new Gate.Subject(planFile, plan, planBytes, git);
      List<Gate> gates =
          List.of(
              new SourceGate(workDir, env::loadLinks),
              new CommittedGate(options.skipGitCheck()),
              new BranchGate(options.requireBranch()),
              new AgeGate(options.maxAge(), clock),
              new TargetGate());
      for (Gate gate : gates) {
        gate.check(subject, refusals);
      }
      return subject.links;
    } finally {
      git.ifPresent(GitGate::close);
    }
  }

  /** Gates 3 and 4 live: the tenant answering is the planned one, and nothing moved. */
  private void checkTargets(Path planFile, Plan plan, LinksFile links, List<Refusal> refusals) {
    if (!plan.hasChanges()) {
      return; // nothing will be written: no connection needed
    }
    Organization org = conn.tenant().organization();
    if (org == null || !plan.tenant().id().equalsIgnoreCase(org.tenantId())) {
      refusals.add(
          Refusal.of(
              Refusal.Code.WRONG_TENANT,
              "tenant at " + links.tenant().graph(),
              "the tenant answering is not the one the plan was made for",
              plan.tenant().id()
                  + (plan.tenant().displayName() == null
                      ? ""
                      : " (" + plan.tenant().displayName() + ")"),
              org == null
                  ? "no organization"
                  : org.tenantId()
                      + (org.displayName() == null ? "" : " (" + org.displayName() + ")")));
      return; // the objects of another tenant say nothing about this plan
    }
    // One bulk read serves the stale-plan gate (the plan's targets and anchors) and the planner
    // (the links file's UPNs and the anchors AD has now).
    DirectorySnapshot ad =
        conn.directory().read(links.links().stream().map(LinksFile.Link::sam).toList());
    Set<String> upns = new LinkedHashSet<>();
    Set<String> anchors = new LinkedHashSet<>();
    for (LinksFile.Link l : links.links()) {
      upns.add(l.upn());
      for (AdUser u : ad.find(l.sam())) {
        String id = AnchorChoice.of(u, links.directory().sourceAnchor()).immutableId();
        if (id != null) {
          anchors.add(id);
        }
      }
    }
    for (LinkPlan l : plan.links()) {
      if (!l.actions().isEmpty()) {
        upns.add(l.upn());
        anchors.add(l.anchor().immutableId());
      }
    }
    // With the 2026 hard-match reads, as plan reads: the planner re-derives with the same rules.
    TenantSnapshot snapshot = conn.tenant().read(upns, anchors, ad.sidsBySam());
    TenantView view = TenantView.of(snapshot, conn.tenant()::user, purgedBefore(planFile));
    refusals.addAll(StalePlanGate.check(plan, view));
    refusals.addAll(StaleDirectoryGate.check(plan, links, ad));
    refusals.addAll(PlannableGate.checkRules(plan, links, ad, snapshot, view));
    gone.addAll(view.gone());
  }

  /** Objects an earlier run of this plan purged, as its journal records. */
  private static Set<String> purgedBefore(Path planFile) {
    Set<String> purged = new HashSet<>();
    for (JsonNode e : Journal.read(Journal.pathFor(planFile))) {
      if (Journal.Event.DONE.is(e) && "purgeDeletedUser".equals(e.path("step").asText())) {
        purged.add(e.path("objectId").asText());
      }
    }
    return purged;
  }
}
