package dev.hardmatch.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The apply time a plan states: Graph's documented write limit, not hardmatch, decides it. */
class ApplyEstimateTest {

  @Test
  void hundredThousandLinksWithADuplicateEachTakeOverFiveHoursWithTheirProbes() {
    ApplyEstimate e = ApplyEstimate.of(new Plan.Summary(100_000, 100_000, 100_000, 0, 0), 100_000);

    assertEquals(400_000, e.graphWrites());
    assertTrue(e.quotaBound());
    assertEquals(Duration.ofSeconds(133 * 150), e.atLeast());
    assertEquals(
        "Apply: 400,000 Graph writes (100,000 of them probes before a delete or purge) take at"
            + " least 5 h 32 min under Graph's write limits (3,000 per 150 s per app; 18,000 per"
            + " 5 min per tenant, shared with Entra Connect).",
        e.line());
  }

  @Test
  void everyLinkWithADeleteOrAPurgeIsProbedOnce() throws Exception {
    Plan plan = PlanFile.finish(PlannerGoldenTest.plan("multi-link-mixed").plan(), "t", "v");
    long withDeleteOrPurge =
        plan.links().stream()
            .filter(
                l ->
                    l.actions().stream()
                        .anyMatch(
                            a ->
                                a.type().equals("deleteUser")
                                    || a.type().equals("purgeDeletedUser")))
            .count();
    assertTrue(withDeleteOrPurge > 0, "the golden plan deletes or purges something");
    Plan.Summary s = plan.summary();
    ApplyEstimate e = ApplyEstimate.of(plan);
    assertEquals(withDeleteOrPurge, e.probeWrites());
    assertEquals(
        s.deleteUser() + s.purgeDeletedUser() + s.setImmutableId() + withDeleteOrPurge,
        e.graphWrites());
  }

  @Test
  void adUpnRewritesAreNotGraphWritesAndOneWindowNeverWaits() {
    ApplyEstimate e = ApplyEstimate.of(new Plan.Summary(1000, 1000, 1000, 5000, 0), 0);

    assertEquals(3000, e.graphWrites());
    assertFalse(e.quotaBound());
    assertEquals(Duration.ZERO, e.atLeast());
    assertEquals(
        Duration.ofSeconds(150), ApplyEstimate.of(new Plan.Summary(0, 0, 3001, 0, 0), 0).atLeast());
  }

  @Test
  void textAndMarkdownShowItOnlyWhenTheLimitDecides() throws Exception {
    Plan small = PlanFile.finish(PlannerGoldenTest.plan("multi-link-mixed").plan(), "t", "v");
    assertFalse(new TextRenderer(false).render(small).contains("Graph writes"));
    assertFalse(new MarkdownRenderer().render(small).contains("Graph writes"));

    Plan large =
        new Plan(
            small.formatVersion(),
            small.digest(),
            small.createdAt(),
            small.toolVersion(),
            small.source(),
            small.tenant(),
            small.directory(),
            new Plan.Summary(4000, 1000, 5000, 0, 0),
            List.of());
    String line =
        "Apply: 10,000 Graph writes take at least 7 min 30 s under Graph's write limits"
            + " (3,000 per 150 s per app; 18,000 per 5 min per tenant, shared with Entra Connect).";
    assertTrue(new TextRenderer(false).render(large).endsWith("unchanged.\n" + line + "\n"));
    assertTrue(new MarkdownRenderer().render(large).contains("**\n\n" + line + "\n\n| step |"));
  }

  @Test
  void humanDurations() {
    assertEquals("45 s", ApplyEstimate.human(Duration.ofSeconds(45)));
    assertEquals("2 min", ApplyEstimate.human(Duration.ofSeconds(120)));
    assertEquals("12 min 30 s", ApplyEstimate.human(Duration.ofSeconds(750)));
    assertEquals("4 h 7 min", ApplyEstimate.human(Duration.ofSeconds(14_850)));
  }
}
