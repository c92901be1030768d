package dev.hardmatch.cli;

import dev.hardmatch.plan.ApplyEstimate;
import dev.hardmatch.plan.PlanFile;
import java.nio.file.Path;

/**
 * The Graph writes a plan file holds, for apply's progress line to show the time left. Format 2
 * plans derive their summary from the actions (docs/plan-format.md), so the file is read whole; a
 * file that cannot be read gives 0 and apply's gates report what is wrong with it.
 */
final class PlannedWrites {
  private PlannedWrites() {}

  static int of(Path planFile) {
    try {
      return ApplyEstimate.of(PlanFile.read(planFile)).graphWrites();
    } catch (RuntimeException unreadable) {
      return 0;
    }
  }
}
