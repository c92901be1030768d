package dev.hardmatch.plan;

import java.util.List;

/**
 * What the planner returns: a plan (without digest, createdAt and toolVersion, which {@link
 * PlanFile} adds), or every problem found. Never both.
 */
public record PlanResult(Plan plan, List<Problem> problems) {
  public boolean ok() {
    return problems.isEmpty();
  }
}
