package dev.hardmatch.cli;

import static dev.hardmatch.cli.ApplySandbox.JOHN;
import static dev.hardmatch.cli.ApplySandbox.JOHN_ANCHOR;
import static dev.hardmatch.cli.ApplySandbox.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hardmatch.apply.Apply;
import dev.hardmatch.sandbox.graph.SyncResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's sync scheduler racing apply, and the links file's sync hooks preventing it. The
 * scheduler runs every 30 s on a clock the test moves: right after apply's purge the clock passes
 * the next cycle's time and the scheduler ticks, exactly where Entra Connect's 30-minute cycle
 * would hurt. The hooks are real processes: {@code hardmatch sandbox scheduler pause|resume|sync},
 * run from this test's class path, reaching the emulator over HTTP.
 */
class SyncHookTest {
  private static final Duration EVERY = Duration.ofSeconds(30);

  @TempDir Path dir;
  private ApplySandbox box;
  private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-28T09:00:00Z"));
  private final List<Optional<SyncResult>> cycles = new ArrayList<>();

  @AfterEach
  void close() {
    if (box != null) {
      box.close();
    }
  }

  /** Starts the scenario; {@code syncSection} (given the sandbox) is appended to links.yaml. */
  private void start(Supplier<String> syncSection) {
    box =
        ApplySandbox.start(dir, "race", b -> b.syncEvery(EVERY).syncClock(clock))
            .links("  - { sam: johns, upn: john.smith@contoso.com, adUpn: keep }\n");
    box.write("links.yaml", box.read("links.yaml") + syncSection.get());
    box.planAndCommit();
  }

  /** The scheduler's next cycle comes due right after apply's purge, and it ticks. */
  private FaultyPorts schedulerAfterPurge() {
    return FaultyPorts.after(
        "purgeDeletedUser",
        () -> {
          clock.advance(EVERY);
          cycles.add(box.tenant.scheduler().tick());
        });
  }

  private String hook(String action) {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add(Main.class.getName());
    argv.addAll(List.of("sandbox", "scheduler", action, "--url", box.tenant.graphUrl().toString()));
    StringBuilder yaml = new StringBuilder("[");
    for (String a : argv) {
      yaml.append(yaml.length() > 1 ? ", " : "").append('\'').append(a).append('\'');
    }
    return yaml.append(']').toString();
  }

  @Test
  void withoutAPauseHookTheScheduledCycleRecreatesTheDuplicateAndApplySaysSo() {
    start(() -> "");
    CliResult run = box.apply(schedulerAfterPurge()::tenant, d -> d);

    assertEquals(1, cycles.size());
    assertTrue(cycles.get(0).isPresent(), "the scheduler ran its cycle");
    assertTrue(
        cycles.get(0).get().created().stream().anyMatch(e -> "johns".equals(e.sam())),
        "sync created a new duplicate for johns: " + cycles.get(0).get().toJson());
    assertEquals(1, run.exit(), run.toString());
    assertTrue(
        run.err().contains("sync re-created a duplicate between the purge and setImmutableId"),
        run.toString());
    assertTrue(run.err().contains("Set-ADSyncScheduler -SyncCycleEnabled $false"), run.toString());
    assertFalse(
        JOHN_ANCHOR.equals(box.user("users", JOHN).path("onPremisesImmutableId").asText()),
        "the target did not get the anchor");
  }

  @Test
  void thePauseHookHoldsTheSchedulerForTheWholeApplyAndResumeReleasesIt() {
    start(() -> "sync:\n  pause: " + hook("pause") + "\n  resume: " + hook("resume") + "\n");
    CliResult run = box.apply(schedulerAfterPurge()::tenant, d -> d);

    assertEquals(0, run.exit(), run.toString());
    assertEquals(List.of(Optional.empty()), cycles, "the due cycle did not run while paused");
    assertTrue(run.err().contains("sync hook pause: "), run.toString());
    assertTrue(run.err().contains("    scheduler paused"), "its output, indented: " + run);
    assertTrue(run.err().contains("    scheduler enabled"), "resume ran: " + run);
    assertTrue(run.err().indexOf("scheduler paused") < run.err().indexOf("scheduler enabled"));
    assertTrue(run.out().contains("Applied 1, already done 0, failed 0"), run.toString());
    assertTrue(run.out().contains("Journal: " + PLAN + ".journal.jsonl"), run.toString());
    assertEquals(JOHN_ANCHOR, box.user("users", JOHN).path("onPremisesImmutableId").asText());

    // Resumed: the next due cycle runs and hard-matches the target instead of duplicating it.
    assertTrue(box.tenant.scheduler().enabled());
    clock.advance(EVERY);
    SyncResult cycle = box.tenant.scheduler().tick().orElseThrow();
    assertTrue(
        cycle.hardMatched().stream().anyMatch(e -> "johns".equals(e.sam())),
        cycle.toJson().toString());
    assertTrue(
        cycle.created().stream().noneMatch(e -> "johns".equals(e.sam())),
        cycle.toJson().toString());
    JsonNode john = box.user("users", JOHN);
    assertTrue(john.path("onPremisesSyncEnabled").asBoolean(), john.toString());
  }

  @Test
  void aFailingPauseHookStopsApplyBeforeItsFirstWrite() {
    start(
        () ->
            "sync:\n  pause: ["
                + "'"
                + Path.of(System.getProperty("java.home"), "bin", "java")
                + "', '-version-that-does-not-exist']\n  resume: "
                + hook("resume")
                + "\n");
    String before = box.tenant.state().toJsonNode().toString();
    CliResult run = box.apply(d -> d, d -> d);

    assertEquals(1, run.exit(), run.toString());
    assertTrue(run.err().contains("error: sync hook pause exited 1"), run.toString());
    assertTrue(
        run.err().contains("apply stopped before its first write: the sync hook pause failed"),
        run.toString());
    assertEquals(before, box.tenant.state().toJsonNode().toString(), "nothing was written");
    assertFalse(box.path(PLAN + ".journal.jsonl").toFile().exists(), "no journal");
  }

  @Test
  void applySyncRunsTheTriggerAfterResume() {
    start(
        () ->
            "sync:\n  pause: "
                + hook("pause")
                + "\n  resume: "
                + hook("resume")
                + "\n  trigger: "
                + hook("sync")
                + "\n");
    CliResult run = box.apply(new Apply.Options(false, null, null, true), false, t -> t, d -> d);

    assertEquals(0, run.exit(), run.toString());
    String err = run.err();
    assertTrue(err.indexOf("sync hook resume") < err.indexOf("sync hook trigger"), err);
    assertTrue(err.contains("    sync cycle done: "), err);
    JsonNode john = box.user("users", JOHN);
    assertTrue(john.path("onPremisesSyncEnabled").asBoolean(), "synced: " + john);
    assertEquals(1, box.tenant.scheduler().toJson().path("cycles").asInt());
  }
}
