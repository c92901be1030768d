package dev.hardmatch.sandbox.graph;

/** A continuously refilled token bucket; starts full. */
final class TokenBucket {
  private final double capacity;
  private final double tokensPerNano;
  private double tokens;
  private long last;

  TokenBucket(ThrottleSpec.Limit limit) {
    this.capacity = limit.count();
    this.tokensPerNano = limit.count() / (double) limit.window().toNanos();
    this.tokens = capacity;
    this.last = System.nanoTime();
  }

  /**
   * Takes a token. Returns 0 when one was available, else the whole seconds (at least 1) until the
   * next token: the Retry-After value.
   */
  synchronized long take() {
    long now = System.nanoTime();
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
