package dev.hardmatch.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardmatch.Diagnostic;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PlanFile;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.Organization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Every gate of DESIGN §6, run before the first write, collecting every failure: the plan is intact
 * ({@code TAMPERED}), committed as reviewed ({@code NOT_COMMITTED}, {@code SOURCE_CHANGED}, {@code
 * WRONG_BRANCH}, {@code PLAN_TOO_OLD}), for this tenant and directory ({@code WRONG_TENANT}, {@code
 * WRONG_DIRECTORY}), still true to reality ({@code STALE_PLAN}) and not being applied elsewhere
 * ({@code LOCKED}). Gates only read; the lock is the one thing they take, and the caller releases
 * it by closing the outcome.
 */
public final class ApplyGates {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApplyGates.class);
  private static final ObjectMapper JSON = new ObjectMapper();

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
  public static final class Outcome implements AutoCloseable {
    private final Plan plan;
    private final LinksFile links;
    private final List<Refusal> refusals;
    private final PlanLock lock;
    private final Set<String> gone;

    Outcome(Plan plan, LinksFile links, List<Refusal> refusals, PlanLock lock, Set<String> gone) {
      this.plan = plan;
      this.links = links;
      this.refusals = List.copyOf(refusals);
      for (Refusal r : this.refusals) {
        LOG.debug("gate {}: refused {}", r.code(), r.subject());
      }
      if (this.refusals.isEmpty()) {
        LOG.debug("gates: all passed");
      }
      this.lock = lock;
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

    @Override
    public void close() {
      if (lock != null) {
        lock.close();
      }
    }
  }

  Outcome run(Path planFile) {
    List<Refusal> refusals = new ArrayList<>();
    String planName = planFile.getFileName().toString();

    // 1. The plan is schema-valid and its digest matches (TAMPERED).
    Plan plan = readPlan(planFile, refusals);
    if (plan != null && !PlanFile.digestMatches(plan)) {
      refusals.add(
          Refusal.of(
              Refusal.Code.TAMPERED,
              "plan " + planName,
              "its content does not match its digest (edited after planning?)",
              plan.digest(),
              PlanFile.digest(plan)));
    }

    // 5. The lock, taken early so that nothing changes under the checks that follow.
    PlanLock lock = PlanLock.tryAcquire(planFile);
    if (lock == null) {
      refusals.add(
          Refusal.of(
              Refusal.Code.LOCKED,
              "plan " + planName,
              "another apply of this plan is running: " + PlanLock.holder(planFile)));
    }
    try {
      LinksFile links = gitAndSource(planFile, plan, refusals);
      if (plan != null && links != null) {
        conn.use(links);
        checkTargets(planFile, plan, links, refusals);
      }
      return new Outcome(plan, links, refusals, lock, gone);
    } catch (RuntimeException e) {
      if (lock != null) {
        lock.close();
      }
      throw e;
    }
  }

  private static Plan readPlan(Path planFile, List<Refusal> refusals) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(planFile);
    } catch (NoSuchFileException e) {
      throw new HardmatchException(
          HardmatchException.Code.INVALID_INPUT,
          "plan file " + planFile + " does not exist",
          "give the path of a plan written by 'hardmatch plan -o'");
    } catch (IOException e) {
      throw new HardmatchException(
          HardmatchException.Code.INVALID_INPUT,
          "cannot read plan file " + planFile + ": " + e.getMessage(),
          "check the path and its permissions",
          e);
    }
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

  /** JSON with a format version this tool reads: a schema failure then means it was edited. */
  private static boolean isPlanShaped(byte[] bytes) {
    try {
      JsonNode root = JSON.readTree(bytes);
      JsonNode v = root == null ? null : root.get("formatVersion");
      if (v == null || !v.isTextual()) {
        return root != null && root.isObject();
      }
      String ours = Plan.FORMAT_VERSION.substring(0, Plan.FORMAT_VERSION.indexOf('.'));
      return v.asText().equals(ours) || v.asText().startsWith(ours + ".");
    } catch (IOException e) {
      return false;
    }
  }

  /** Gates 2 and the links file: committed, unchanged, on the right branch, young enough. */
  private LinksFile gitAndSource(Path planFile, Plan plan, List<Refusal> refusals) {
    Optional<GitGate> git = GitGate.forFile(planFile);
    try {
      Path linksPath = plan == null ? null : locateSource(planFile, plan, git);
      LinksFile links = null;
      boolean sourceIntact = false;
      if (plan != null) {
        sourceIntact = checkSourceHash(plan, linksPath, refusals);
        if (linksPath != null && Files.isRegularFile(linksPath)) {
          try {
            links = env.loadLinks(linksPath);
          } catch (HardmatchException e) {
            refusals.add(
                Refusal.of(
                    Refusal.Code.SOURCE_CHANGED,
                    "links file " + plan.source().path(),
                    "cannot be loaded any more: " + e.getMessage()));
          }
        }
      }

      boolean skip = false;
      if (options.skipGitCheck()) {
        if (links != null && Apply.loopback(links.tenant().graph())) {
          skip = true;
        } else {
          refusals.add(
              Refusal.of(
                  Refusal.Code.GIT_CHECK_REQUIRED,
                  "--skip-git-check",
                  "the git gate can only be skipped against a loopback (sandbox) Graph endpoint",
                  "tenant.graph on 127.0.0.1, localhost or ::1",
                  links == null ? "unknown (links file not loaded)" : links.tenant().graph()));
        }
      }
      if (!skip) {
        if (git.isEmpty()) {
          refusals.add(
              Refusal.of(
                  Refusal.Code.NOT_COMMITTED,
                  "plan " + planFile.getFileName(),
                  "is not inside a git repository; apply only plans that were committed and"
                      + " reviewed"));
        } else {
          GitGate g = git.get();
          refusals.addAll(g.checkCommitted(planFile, "plan"));
          if (plan != null && linksPath != null && sourceIntact) {
            checkSourceCommitted(g, plan, refusals);
          }
        }
      }
      if (options.requireBranch() != null) {
        if (git.isEmpty()) {
          refusals.add(
              Refusal.of(
                  Refusal.Code.WRONG_BRANCH,
                  "HEAD",
                  "not in a git repository",
                  options.requireBranch(),
                  "no repository"));
        } else {
          String head = git.get().headIfNotOn(options.requireBranch());
          if (head != null) {
            refusals.add(
                Refusal.of(
                    Refusal.Code.WRONG_BRANCH,
                    "HEAD",
                    "apply runs only from the required branch",
                    "branch " + options.requireBranch(),
                    head));
          }
        }
      }
      if (plan != null && options.maxAge() != null) {
        checkAge(plan, refusals);
      }
      return links;
    } finally {
      git.ifPresent(GitGate::close);
    }
  }

  /**
   * Where the links file recorded in {@code source.path} is: relative to the repository root (what
   * {@code plan} records), else to the working folder or the plan's folder.
   */
  private Path locateSource(Path planFile, Plan plan, Optional<GitGate> git) {
    String rel = plan.source().path();
    List<Path> candidates = new ArrayList<>();
    git.ifPresent(g -> candidates.add(g.workTree().resolve(rel)));
    Path planDir = planFile.toAbsolutePath().getParent();
    candidates.add(workDir.resolve(rel));
    if (planDir != null) {
      candidates.add(planDir.resolve(rel));
    }
    for (Path c : candidates) {
      if (Files.isRegularFile(c)) {
        return c.normalize();
      }
    }
    return candidates.get(0).normalize();
  }

  private static boolean checkSourceHash(Plan plan, Path linksPath, List<Refusal> refusals) {
    String subject = "links file " + plan.source().path();
    if (linksPath == null || !Files.isRegularFile(linksPath)) {
      refusals.add(
          Refusal.of(
              Refusal.Code.SOURCE_CHANGED,
              subject,
              "not found (looked at " + linksPath + ")",
              "sha256 " + plan.source().sha256(),
              "no file"));
      return false;
    }
    String actual = sha256(linksPath);
    if (!actual.equalsIgnoreCase(plan.source().sha256())) {
      refusals.add(
          Refusal.of(
              Refusal.Code.SOURCE_CHANGED,
              subject,
              "changed since planning",
              "sha256 " + plan.source().sha256(),
              "sha256 " + actual));
      return false;
    }
    return true;
  }

  private static void checkSourceCommitted(GitGate g, Plan plan, List<Refusal> refusals) {
    String rel = plan.source().path();
    String subject = "links file " + rel;
    Optional<byte[]> committed = g.committedBytes(rel);
    if (committed.isEmpty()) {
      refusals.add(
          Refusal.of(
              Refusal.Code.NOT_COMMITTED,
              subject,
              "is not committed at HEAD; commit it with the plan and have both reviewed"));
      return;
    }
    String atHead = sha256(committed.get());
    if (!atHead.equalsIgnoreCase(plan.source().sha256())) {
      refusals.add(
          Refusal.of(
              Refusal.Code.SOURCE_CHANGED,
              subject,
              "the version committed at HEAD is not the one planned from",
              "sha256 " + plan.source().sha256(),
              "sha256 " + atHead + " at HEAD"));
    }
  }

  private void checkAge(Plan plan, List<Refusal> refusals) {
    Instant created;
    try {
      created = Instant.parse(plan.createdAt());
    } catch (DateTimeParseException e) {
      refusals.add(
          Refusal.of(
              Refusal.Code.PLAN_TOO_OLD,
              "plan createdAt",
              "unreadable, so its age is unknown",
              "an ISO-8601 instant",
              plan.createdAt()));
      return;
    }
    Duration age = Duration.between(created, clock.instant());
    if (age.compareTo(options.maxAge()) > 0) {
      refusals.add(
          Refusal.of(
              Refusal.Code.PLAN_TOO_OLD,
              "plan created " + plan.createdAt(),
              "older than --max-age",
              "at most " + DurationParser.format(options.maxAge()) + " old",
              DurationParser.format(age) + " old"));
    }
  }

  /** Gates 3 and 4: the tenant and directory answering are the planned ones, and nothing moved. */
  private void checkTargets(Path planFile, Plan plan, LinksFile links, List<Refusal> refusals) {
    boolean sameTenantInFile = links.tenant().id().equalsIgnoreCase(plan.tenant().id());
    if (!sameTenantInFile) {
      refusals.add(
          Refusal.of(
              Refusal.Code.WRONG_TENANT,
              "links file tenant.id",
              "names another tenant than the plan",
              plan.tenant().id(),
              links.tenant().id()));
    }
    if (!sameUrl(links.directory().url(), plan.directory().url())
        || !sameDn(links.directory().baseDn(), plan.directory().baseDn())) {
      refusals.add(
          Refusal.of(
              Refusal.Code.WRONG_DIRECTORY,
              "links file directory",
              "points at another directory than the one planned against",
              plan.directory().url() + " " + plan.directory().baseDn(),
              links.directory().url() + " " + links.directory().baseDn()));
    }
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
    StalePlanGate stale = new StalePlanGate(conn.tenant(), purgedBefore(planFile));
    refusals.addAll(stale.checkTenant(plan));
    gone.addAll(stale.gone());
    refusals.addAll(StaleDirectoryGate.check(plan, links, conn.directory()));
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

  private static boolean sameUrl(String a, String b) {
    return a != null && b != null && trimSlash(a).equalsIgnoreCase(trimSlash(b));
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** DNs compare without case and without spaces after the commas. */
  private static boolean sameDn(String a, String b) {
    return a != null && b != null && normDn(a).equals(normDn(b));
  }

  private static String normDn(String dn) {
    Set<String> parts = new LinkedHashSet<>();
    for (String rdn : dn.split(",")) {
      parts.add(rdn.trim().toLowerCase(Locale.ROOT));
    }
    return String.join(",", parts);
  }

  static String sha256(Path file) {
    try {
      return sha256(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new HardmatchException(
          HardmatchException.Code.IO, "cannot read " + file + ": " + e.getMessage(), null, e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
