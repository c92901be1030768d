package dev.hardmatch.tenant;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Paces writes to at most {@code writes} per sliding {@code window}, so a large apply stays under
 * Graph's write quota (3,000 writes per 2.5 minutes per app) instead of hammering into 429s.
 * Thread-safe: batch workers acquire before they send.
 */
public final class WriteQuota {

  /** Graph's documented per-app limit for identity writes. */
  public static final WriteQuota GRAPH_DEFAULT = new WriteQuota(3000, Duration.ofSeconds(150));

  private final int writes;
  private final long windowNanos;
  private final Deque<long[]> sent = new ArrayDeque<>(); // {nanoTime, count}
  private int inWindow;

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

  /** Blocks until {@code count} writes fit in the window, then records them as sent now. */
  public void acquire(int count) throws InterruptedException {
    if (count > writes) {
      throw new IllegalArgumentException("cannot send " + count + " writes at once under " + this);
    }
    synchronized (this) {
      while (true) {
        long now = System.nanoTime();
        while (!sent.isEmpty() && now - sent.peekFirst()[0] >= windowNanos) {
          inWindow -= (int) sent.removeFirst()[1];
        }
        if (inWindow + count <= writes) {
          sent.addLast(new long[] {now, count});
          inWindow += count;
          return;
        }
        long waitNanos = windowNanos - (now - sent.peekFirst()[0]);
        long millis = Math.max(1, waitNanos / 1_000_000);
        wait(millis); // releases the lock while waiting
      }
    }
  }

  @Override
  public String toString() {
    return writes + " writes per " + window().toMillis() + " ms";
  }
}
