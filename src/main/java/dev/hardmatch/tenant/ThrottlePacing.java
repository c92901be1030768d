package dev.hardmatch.tenant;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How fast the {@link BatchEngine} sends while Graph throttles, shared by every batch worker of one
 * tenant connection, and how long it keeps trying (docs/apply.md, "Retries and pacing").
 *
 * <ul>
 *   <li><b>An overall deadline</b>, counted from when the connection was opened: an item Graph
 *       answered 429 is sent again after its Retry-After for as long as that wait ends before the
 *       deadline, however often that takes. Only then does it count as failed (apply: exit 1, run
 *       again). 503/504 ("try again later" from a struggling service, not a quota) stay bounded by
 *       the item attempts ({@link GraphTenant.Options#maxItemAttempts}).
 *   <li><b>An adaptive round size</b> (additive increase, multiplicative decrease): a round in
 *       which Graph throttled some items sends next time no more items than Graph accepted in it
 *       (half of what was sent when it accepted none); a round without a 429 may send one batch
 *       more. So four workers do not keep sending eighty items into a quota that grants three a
 *       second.
 * </ul>
 */
final class ThrottlePacing {
  private final LongSupplier nanoClock;
  private final long deadlineNanos;
  private int allowed = Integer.MAX_VALUE;

  ThrottlePacing(Duration deadline, LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    long now = nanoClock.getAsLong();
    long span = deadline.toNanos();
    this.deadlineNanos = now + span < now ? Long.MAX_VALUE : now + span;
  }

  /** How many of {@code pending} items the next round sends. */
  synchronized int roundSize(int pending) {
    return Math.max(1, Math.min(pending, allowed));
  }

  /** A round is over: {@code sent} items went out, Graph throttled {@code throttled} of them. */
  synchronized void roundDone(int sent, int throttled, int batchSize) {
    int accepted = sent - throttled;
    if (throttled > 0) {
      allowed = Math.max(1, accepted > 0 ? accepted : sent / 2);
    } else if (allowed != Integer.MAX_VALUE) {
      allowed = allowed > Integer.MAX_VALUE - batchSize ? Integer.MAX_VALUE : allowed + batchSize;
    }
  }

  /** Whether waiting {@code millis} from now still ends before the deadline. */
  boolean mayWait(long millis) {
    long now = nanoClock.getAsLong();
    return deadlineNanos - now > millis * 1_000_000L;
  }
}
