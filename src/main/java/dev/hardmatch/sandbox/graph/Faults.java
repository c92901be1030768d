package dev.hardmatch.sandbox.graph;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Injected transient faults: a share of requests answered 503 (with {@code Retry-After}) or 504, or
 * dropped, as Graph's gateways do now and then (https://learn.microsoft.com/graph/errors lists both
 * codes as "retry"). The n-th request's fate depends only on (seed, n): reruns with the same seed
 * agree.
 */
final class Faults {
  enum Fault {
    NONE,
    UNAVAILABLE,
    GATEWAY_TIMEOUT,
    DROP
  }

  private final double rate;
  private final long seed;

  Faults(double rate, long seed) {
    this.rate = rate;
    this.seed = seed;
  }

  Fault of(long n) {
    if (rate <= 0) {
      return Fault.NONE;
    }
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n);
    if (random.nextDouble() >= rate) {
      return Fault.NONE;
    }
    switch (random.nextInt(3)) {
      case 0:
        return Fault.UNAVAILABLE;
      case 1:
        return Fault.GATEWAY_TIMEOUT;
      default:
        return Fault.DROP;
    }
  }

  /** The error a fault answers with; null for NONE and DROP (no answer at all). */
  static GraphError error(Fault fault) {
    switch (fault) {
      case UNAVAILABLE:
        return new GraphError(
            503,
            "serviceNotAvailable",
            "The service is temporarily unavailable. Try again later.",
            List.of(),
            Map.of("Retry-After", "1"));
      case GATEWAY_TIMEOUT:
        return new GraphError(504, "gatewayTimeout", "The gateway timed out.");
      default:
        return null;
    }
  }
}
