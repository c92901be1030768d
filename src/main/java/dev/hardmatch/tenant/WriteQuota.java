package dev.hardmatch.tenant;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Paces writes to at most {@code writes} per sliding {@code window}, so a large apply stays under
 * Graph's write quota (3,000 writes per 2.5 minutes per app) instead of hammering into 429s.
 *
 * <p>Conservative on purpose: writes count from the moment they are acquired until one window after
 * their batch was answered (Graph counts them when they arrive, somewhere in between), so network
 * delays never squeeze two windows' worth of writes into one. Thread-safe: batch workers acquire
 * before they send and settle when the answer is in.
 */
public final class WriteQuota {

  /** Graph's documented per-app limit for identity writes. */
  public static final WriteQuota GRAPH_DEFAULT = new WriteQuota(3000, Duration.ofSeconds(150));

  private final int writes;
  private final long windowNanos;
  private final List<Permit> counted = new ArrayList<>();

  public WriteQuota(int writes, Duration window) {
    if (writes < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a write quota needs writes >= 1 and a positive window");
    }
    this.writes = writes;
    this.windowNanos = window.toNanos();
  }

  public int writes() {
    return writes;
  }

  public Duration window() {
    return Duration.ofNanos(windowNanos);
  }

  /** Writes taken from the quota, counted until one window after {@link #settle}. */
  public final class Permit {
    private final int count;
    private long settledAt; // nanoTime; 0 while the writes are in flight
    private boolean settled;

    private Permit(int count) {
      this.count = count;
    }
  }

  /** Blocks until {@code count} writes fit in the window, then counts them as in flight. */
  public Permit acquire(int count) throws InterruptedException {
    if (count < 1 || count > writes) {
      throw new IllegalArgumentException("cannot send " + count + " writes at once under " + this);
    }
    synchronized (this) {
      while (true) {
        long now = System.nanoTime();
        int used = 0;
        long nextExpiry = Long.MAX_VALUE;
        for (var it = counted.iterator(); it.hasNext(); ) {
          Permit p = it.next();
          if (p.settled && now - p.settledAt >= windowNanos) {
            it.remove();
          } else {
            used += p.count;
            if (p.settled) {
              nextExpiry = Math.min(nextExpiry, p.settledAt + windowNanos - now);
            }
          }
        }
        if (used + count <= writes) {
          Permit permit = new Permit(count);
          counted.add(permit);
          return permit;
        }
        // Wait for the oldest answered writes to leave the window, or for an answer to come in.
        long millis =
            nextExpiry == Long.MAX_VALUE ? 1000 : Math.max(1, (nextExpiry + 999_999) / 1_000_000);
        wait(millis);
      }
    }
  }

  /** The batch holding these writes was answered: the window starts now for them. */
  public synchronized void settle(Permit permit) {
    if (!permit.settled) {
      permit.settled = true;
      permit.settledAt = System.nanoTime();
      notifyAll();
    }
  }

  @Override
  public String toString() {
    return writes + " writes per " + window().toMillis() + " ms";
  }
}
