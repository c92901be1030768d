package dev.hardmatch.apply;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code PLAN_TOO_OLD}: with {@code --max-age}, the plan was created at most that long ago, and not
 * later than now (allowing {@link #CLOCK_SKEW}).
 */
final class AgeGate implements Gate {
  /** How far ahead of this machine's clock a plan's createdAt may be (another machine's clock). */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

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
    if (age.negated().compareTo(CLOCK_SKEW) > 0) {
      // Dated ahead: anyone can re-seal a plan's digest, so a far-future createdAt would make
      // --max-age meaningless (docs/apply.md).
      refusals.add(
          refusal(
              s, "createdAt lies in the future, so its age is unknown", age.negated(), "ahead"));
    } else if (age.compareTo(maxAge) > 0) {
      refusals.add(refusal(s, "older than --max-age", age, "old"));
    }
  }

  private Refusal refusal(Subject s, String message, Duration observed, String unit) {
    return Refusal.of(
        Refusal.Code.PLAN_TOO_OLD,
        "plan created " + s.plan.createdAt(),
        message,
        "at most " + DurationParser.format(maxAge) + " old",
        DurationParser.format(observed) + " " + unit);
  }
}
