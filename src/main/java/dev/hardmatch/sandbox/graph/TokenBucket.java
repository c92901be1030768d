package dev.hardmatch.sandbox.graph;

import java.util.function.LongSupplier;

/** A continuously refilled token bucket; starts full. */
final class TokenBucket {
  private final LongSupplier clock;
  private final double capacity;
  private final double tokensPerNano;
  private double tokens;
  private long last;

  /** {@code clock}: the time in nanoseconds ({@code System::nanoTime} outside tests). */
  TokenBucket(ThrottleSpec.Limit limit, LongSupplier clock) {
    this.clock = clock;
    this.capacity = limit.count();
    this.tokensPerNano = limit.count() / (double) limit.window().toNanos();
    this.tokens = capacity;
    this.last = clock.getAsLong();
  }

  /**
   * Takes a token. Returns 0 when one was available, else the whole seconds (at least 1) until the
   * next token: the Retry-After value.
   */
  synchronized long take() {
    long now = clock.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    double nanos = (1 - tokens) / tokensPerNano;
    return Math.max(1, (long) Math.ceil(nanos / 1e9));
  }
}
