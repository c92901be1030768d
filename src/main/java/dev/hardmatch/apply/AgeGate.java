package dev.hardmatch.apply;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** {@code PLAN_TOO_OLD}: with {@code --max-age}, the plan was created at most that long ago. */
final class AgeGate implements Gate {
  private final Duration maxAge;
  private final Clock clock;

  /** {@code maxAge} null: no limit. */
  AgeGate(Duration maxAge, Clock clock) {
    this.maxAge = maxAge;
    this.clock = clock;
  }

  @Override
  public void check(Subject s, List<Refusal> refusals) {
    if (s.plan == null || maxAge == null) {
      return;
    }
    Instant created;
    try {
      created = Instant.parse(s.plan.createdAt());
    } catch (DateTimeParseException e) {
      refusals.add(
          Refusal.of(
              Refusal.Code.PLAN_TOO_OLD,
              "plan createdAt",
              "unreadable, so its age is unknown",
              "an ISO-8601 instant",
              s.plan.createdAt()));
      return;
    }
    Duration age = Duration.between(created, clock.instant());
    if (age.compareTo(maxAge) > 0) {
      refusals.add(
          Refusal.of(
              Refusal.Code.PLAN_TOO_OLD,
              "plan created " + s.plan.createdAt(),
              "older than --max-age",
              "at most " + DurationParser.format(maxAge) + " old",
              DurationParser.format(age) + " old"));
    }
  }
}
