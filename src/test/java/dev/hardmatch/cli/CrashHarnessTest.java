package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick variant of {@code ci/crash} (docs/apply.md, "Crash safety"): 30 kill points, one of
 * them a real JVM halt, over a small generated organisation with Graph faults and lost responses.
 * Keeps the crash hook and the harness from rotting; {@code ci/crash} runs the thousand points.
 */
class CrashHarnessTest {
  @TempDir Path dir;

  // Killed at 30 points, one of them by halting a separate JVM: every run of the same command
  // after the kill ends in exactly the planned state, nothing lost, every backup the original.
  @Test
  void applyKilledAtThirtyPointsEndsInThePlannedStateWithEveryBackup() {
    CrashHarness.Figures f =
        CrashHarness.run(new CrashHarness.Config(dir, 8, 30, 1, 0.02, 0.05, 15));

    assertEquals(0, f.objectsLost(), f.text() + "\n" + f.problems());
    assertEquals(java.util.List.of(), f.problems(), f.text());
    assertEquals(1, f.realKills(), "the real halt killed the apply: " + f.text());
    assertTrue(f.pointsPerRun() >= 20, f.text());
    assertTrue(f.pointsKilled() >= 30, "every case killed a run: " + f.text());
    assertTrue(f.backupsChecked() > 30, f.text());
  }
}
