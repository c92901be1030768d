package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.plan.ApplyEstimate;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PlanFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apply's progress line counts down the Graph writes of the plan it runs. */
class PlannedWritesTest {
  @TempDir Path tmp;

  @Test
  void theCommittedExamplePlanCountsItsGraphWrites() {
    Path example = ExamplePlanTest.EXAMPLE.resolve("example.plan.json");
    Plan plan = PlanFile.read(example);
    // Apply's write waves also carry one probe per link that deletes or purges; how they are
    // counted is ApplyEstimateTest's.
    ApplyEstimate estimate = ApplyEstimate.of(plan);
    int writes = estimate.graphWrites();

    assertTrue(estimate.probeWrites() > 0 && writes > estimate.probeWrites(), estimate.toString());
    assertEquals(writes, PlannedWrites.of(example));
  }

  @Test
  void anUnreadableFileCountsNothing() throws Exception {
    Path broken = Files.writeString(tmp.resolve("x.plan.json"), "{\"format\": 2, \"links\": [");

    assertEquals(0, PlannedWrites.of(broken));
    assertEquals(0, PlannedWrites.of(tmp.resolve("missing.plan.json")));
  }
}
