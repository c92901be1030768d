package dev.hardmatch.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.listener.InMemoryDirectoryServerSnapshot;
import dev.hardmatch.apply.Journal;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.sandbox.Generator;
import dev.hardmatch.sandbox.graph.TenantState;
import dev.hardmatch.util.CrashHook;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The crash harness behind {@code ci/crash} (docs/apply.md, "Crash safety"): kills a real apply of
 * a generated organisation (duplicates to delete, duplicates already in the recycle bin to purge,
 * anchors to set, AD UPNs to rewrite) at many distinct points, with Graph faults and lost responses
 * mixed in; runs the same apply again until it exits 0; then checks the tenant and AD against the
 * plan and every journaled backup against the original object ({@link CrashCheck}).
 *
 * <p>A point is the N-th {@link CrashHook} point of a run (each journal append, before and after;
 * each write wave's {@code $batch} round before it is sent and after each answer; each LDAP write,
 * before and after). Case i kills the first run at point {@code 1 + i % H} (H: the points of a
 * clean run); from the second sweep on it also kills the first resumed run, at a point that shifts
 * with each sweep, so a crash during a resume is covered too. Most kills run in this JVM ({@link
 * CrashHook.Mode#THROW}: the apply thread stops at the point, its files and connections are closed
 * as the OS closes a killed process's), with the sandbox restored in place between cases, so a
 * thousand points take minutes; {@code realKills} of them halt a separate JVM with {@link
 * Runtime#halt}, as {@code kill -9} would.
 */
final class CrashHarness {

  /** What to run. */
  record Config(
      Path dir,
      int links,
      int points,
      int realKills,
      double faultRate,
      double loseResponses,
      long seed) {}

  /** What it found; {@link #objectsLost} and {@link #problems} must be 0 and empty. */
  record Figures(
      int cases,
      int pointsPerRun,
      int pointsKilled,
      int realKills,
      int reruns,
      int maxRerunsOfOneCase,
      int objectsLost,
      int backupsChecked,
      List<String> problems,
      Duration wall) {

    String text() {
      return String.format(
          "crash: %d cases, %d kill points per clean run; points killed %d (%d of them a real"
              + " JVM halt); reruns %d (at most %d for one case); objects lost %d; backups checked"
              + " %d against the original; problems %d; wall time %ds",
          cases,
          pointsPerRun,
          pointsKilled,
          realKills,
          reruns,
          maxRerunsOfOneCase,
          objectsLost,
          backupsChecked,
          problems.size(),
          wall.toSeconds());
    }
  }

  /** Runs that may follow a kill before the case counts as not converging. */
  static final int MAX_RUNS = 12;

  private final Config config;
  private ApplySandbox box;
  private TenantState original;
  private InMemoryDirectoryServerSnapshot originalAd;
  private String originalAdDump;
  private Plan plan;

  private CrashHarness(Config config) {
    this.config = config;
  }

  static Figures run(Config config) {
    CrashHarness h = new CrashHarness(config);
    try {
      return h.runAll();
    } finally {
      CrashHook.disarm();
      if (h.box != null) {
        h.box.close();
      }
    }
  }

  private Figures runAll() {
    long start = System.nanoTime();
    setUp();
    int perRun = cleanRunPoints();
    List<String> problems = new ArrayList<>();
    int killed = 0;
    int real = 0;
    int reruns = 0;
    int maxReruns = 0;
    int lost = 0;
    int backups = 0;
    for (int i = 0; i < config.points(); i++) {
      restore();
      int first = 1 + i % perRun;
      int sweep = i / perRun;
      boolean halt = i < config.realKills();
      int kills = halt ? haltAt(first) : throwAt(first);
      if (halt && kills > 0) {
        real++;
      }
      if (sweep > 0 && kills > 0) {
        kills += throwAt(1 + (first + 37 * (sweep - 1)) % perRun);
      }
      killed += kills;
      int runs = 0;
      CliResult last;
      do {
        last = box.cli("apply", ApplySandbox.PLAN);
        runs++;
      } while (last.exit() == 1 && runs < MAX_RUNS);
      reruns += runs;
      maxReruns = Math.max(maxReruns, runs);
      String where = "case " + i + " (kill at " + first + ", sweep " + sweep + ")";
      if (last.exit() != 0) {
        problems.add(where + ": apply did not finish after " + runs + " runs: " + last);
      }
      CrashCheck.Result check = check(where);
      if ((i + 1) % 50 == 0) {
        System.err.printf(
            "crash: %d/%d cases, %d points killed, %d problems%n",
            i + 1, config.points(), killed, problems.size());
      }
      lost += check.objectsLost();
      backups += check.backupsChecked();
      problems.addAll(check.problems());
    }
    problems.addAll(checkTheCheck());
    return new Figures(
        config.points(),
        perRun,
        killed,
        real,
        reruns,
        maxReruns,
        lost,
        backups,
        problems,
        Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * The check must be able to fail: with one user the plan does not touch deleted, it has to count
   * an object lost. Returns a problem if it does not.
   */
  private List<String> checkTheCheck() {
    Set<String> planned = new HashSet<>();
    plan.links().forEach(l -> l.actions().forEach(a -> planned.add(a.toString())));
    for (ObjectNode u : box.tenant.state().users()) {
      String id = u.get("id").asText();
      if (planned.stream().noneMatch(a -> a.contains(id))) {
        box.tenant.state().deleteUser(id, Instant.now());
        CrashCheck.Result r = check("self-check");
        return r.objectsLost() > 0
            ? List.of()
            : List.of("the check did not see an unplanned delete of " + id);
      }
    }
    return List.of("no user outside the plan to test the check with");
  }

  private CrashCheck.Result check(String where) {
    return CrashCheck.check(
        plan, original, originalAdDump, box.tenant.state(), box.ad.dump(), box.journal(), where);
  }

  /** Generates the organisation, starts the sandbox, plans and commits. */
  private void setUp() {
    Path org = config.dir().resolve("org");
    int links = config.links();
    Generator.generate(
        new Generator.Options(links * 2, links, 0.7, 0.3, config.seed(), org, 1, 2, null));
    String ldif = read(org.resolve("ad.ldif"));
    String tenantJson = read(org.resolve("tenant.json"));
    String generated = read(org.resolve("links.yaml"));
    List<String> linkLines = new ArrayList<>();
    Pattern sam = Pattern.compile("sam: ([^,]+),");
    int n = 0;
    for (String line : generated.substring(generated.indexOf("links:\n") + 7).split("\n")) {
      Matcher m = sam.matcher(line);
      if (m.find() && n++ % 3 == 0 && !line.contains("adUpn")) {
        // An AD UPN to rewrite: the AD user's UPN is on another suffix than its cloud account's.
        ldif =
            ldif.replaceFirst(
                "sAMAccountName: " + Pattern.quote(m.group(1)) + "\nuserPrincipalName: [^\n]+\n",
                "sAMAccountName: "
                    + m.group(1)
                    + "\nuserPrincipalName: "
                    + m.group(1)
                    + "@corp.fabrikam.com\n");
        line = line.replace(" }", ", adUpn: match }");
      }
      linkLines.add(line);
    }
    box =
        ApplySandbox.start(
            config.dir().resolve("repo"),
            ldif,
            tenantJson,
            "crash",
            b ->
                b.faultRate(config.faultRate())
                    .loseResponses(config.loseResponses())
                    .seed(config.seed()));
    box.links(String.join("\n", linkLines) + "\n");
    box.write("links.yaml", box.read("links.yaml").replace("maxDeletes: 25", "maxDeletes: 100000"));
    original = TenantState.parse(tenantJson, "crash/tenant.json");
    originalAd = box.ad.snapshot();
    originalAdDump = box.ad.dump();
    plan = planWithRetries();
    box.commit("Plan the migration", "links.yaml", ApplySandbox.PLAN);
  }

  /** Plans; Graph faults may fail a read, so a few tries. */
  private Plan planWithRetries() {
    for (int attempt = 1; ; attempt++) {
      try {
        return box.plan();
      } catch (IllegalStateException e) {
        if (attempt >= MAX_RUNS) {
          throw e;
        }
      }
    }
  }

  /** The points of one apply from the original state to the end, faults and all. */
  private int cleanRunPoints() {
    restore();
    CrashHook.arm(Long.MAX_VALUE, CrashHook.Mode.COUNT);
    CliResult run = box.cli("apply", ApplySandbox.PLAN);
    long points = CrashHook.disarm();
    if (run.exit() != 0 && run.exit() != 1) {
      throw new IllegalStateException("the organisation does not apply: " + run);
    }
    if (points < 1) {
      throw new IllegalStateException("apply reached no crash point: " + run);
    }
    return (int) points;
  }

  /** Back to the organisation as generated: tenant, AD, no journal. */
  private void restore() {
    box.tenant.state().restoreUsers(original);
    box.ad.restore(originalAd);
    try {
      Files.deleteIfExists(Journal.pathFor(box.path(ApplySandbox.PLAN)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs apply in this JVM, stopping it at point {@code n}; returns 1 if it got there. */
  private int throwAt(long n) {
    CrashHook.arm(n, CrashHook.Mode.THROW);
    long reached;
    try {
      box.cli("apply", ApplySandbox.PLAN);
    } catch (CrashHook.Crash expected) {
      // the apply thread stopped at the point
    } finally {
      reached = CrashHook.disarm();
    }
    return reached >= n ? 1 : 0;
  }

  /** Runs apply in a new JVM that halts at point {@code n}; returns 1 if it got there. */
  private int haltAt(long n) {
    List<String> cmd = CliResult.javaCommand(Main.class, "apply", ApplySandbox.PLAN);
    // The child runs in the repository: its class path must not depend on this JVM's folder.
    int cp = cmd.indexOf("-cp") + 1;
    cmd.set(
        cp,
        Arrays.stream(cmd.get(cp).split(File.pathSeparator))
            .map(e -> Path.of(e).toAbsolutePath().toString())
            .collect(Collectors.joining(File.pathSeparator)));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(box.repo.toFile());
    Map<String, String> env = pb.environment();
    env.putAll(box.env());
    env.put(CrashHook.ENV, Long.toString(n));
    pb.redirectErrorStream(true);
    pb.redirectOutput(config.dir().resolve("halted-run.log").toFile());
    try {
      int exit = pb.start().waitFor();
      return exit == CrashHook.HALT_STATUS ? 1 : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code ci/crash}: {@code --points N} (1000), {@code --links N} (16), {@code --real-kills N}
   * (10), {@code --fault-rate R} (0.02), {@code --lose-responses R} (0.02), {@code --seed S} (15),
   * {@code --dir D} (a temporary folder). Prints the figures; exits 1 on any problem.
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> o = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i], args[i + 1]);
    }
    Path dir =
        o.containsKey("--dir")
            ? Files.createDirectories(Path.of(o.get("--dir")))
            : Files.createTempDirectory("hardmatch-crash");
    Figures f =
        run(
            new Config(
                dir,
                Integer.parseInt(o.getOrDefault("--links", "16")),
                Integer.parseInt(o.getOrDefault("--points", "1000")),
                Integer.parseInt(o.getOrDefault("--real-kills", "10")),
                Double.parseDouble(o.getOrDefault("--fault-rate", "0.02")),
                Double.parseDouble(o.getOrDefault("--lose-responses", "0.02")),
                Long.parseLong(o.getOrDefault("--seed", "15"))));
    f.problems().stream().limit(20).forEach(p -> System.out.println("crash: PROBLEM " + p));
    System.out.println(f.text());
    System.exit(f.objectsLost() == 0 && f.problems().isEmpty() ? 0 : 1);
  }
}
