package dev.hardmatch.sandbox.graph;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Injected transient faults: a share of requests answered 503 (with {@code Retry-After}) or 504, or
 * dropped, as Graph's gateways do now and then (https://learn.microsoft.com/graph/errors lists both
 * codes as "retry"). And, separately, writes whose response is lost after they were carried out, as
 * when a connection breaks between Graph's answer and the client (the client cannot tell whether
 * the write happened; the strictest case for a client, so the emulator models it). The n-th
 * request's fate depends only on (seed, n): reruns with the same seed agree.
 */
final class Faults {
  enum Fault {
    NONE,
    UNAVAILABLE,
    GATEWAY_TIMEOUT,
    DROP
  }

  private final double rate;
  private final double loseResponses;
  private final long seed;

  Faults(double rate, double loseResponses, long seed) {
    this.rate = rate;
    this.loseResponses = loseResponses;
    this.seed = seed;
  }

  /** Whether the n-th request, a write carried out, loses its response. */
  boolean losesResponse(long n) {
    if (loseResponses <= 0) {
      return false;
    }
    // Its own stream, salted, so turning this on does not change the other faults' fates.
    SplittableRandom random = new SplittableRandom((seed ^ 0x5DEECE66DL) * 0xBF58476D1CE4E5B9L + n);
    return random.nextDouble() < loseResponses;
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
