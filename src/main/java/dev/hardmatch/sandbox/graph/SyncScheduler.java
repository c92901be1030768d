package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Entra Connect's sync scheduler, simulated: while enabled it runs a delta sync cycle every {@code
 * interval} on its own clock; a cycle can also be started by hand, which works whether or not the
 * scheduler is enabled, and is refused while a cycle runs.
 *
 * <p>Sources: the scheduler, {@code Set-ADSyncScheduler -SyncCycleEnabled}, {@code
 * NextSyncCycleStartTimeInUTC} and {@code Start-ADSyncSyncCycle},
 * https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-sync-feature-scheduler
 * (a manual cycle runs even with the scheduler disabled; the next scheduled one is computed when a
 * cycle ends); a manual start while a cycle runs fails with {@code
 * System.InvalidOperationException: ... AAD is busy}
 * (https://www.easy365manager.com/how-to-do-delta-sync/, "Delta Sync Error: AAD is Busy"), which
 * the emulator answers as 409.
 *
 * <p>Time comes from an injected {@link Clock}. {@link #tick()} runs a cycle when one is due;
 * {@code sandbox serve --sync-every} calls it from a timer ({@link #startTimer}), tests call it
 * themselves after moving their clock, so a cycle lands exactly where the test wants it.
 */
public final class SyncScheduler implements AutoCloseable {
  private final Supplier<SyncResult> cycle;
  private final Clock clock;
  private final ReentrantLock running = new ReentrantLock();
  private boolean enabled;
  private Duration interval;
  private Instant nextRunAt;
  private Instant lastRunAt;
  private int cycles;
  private ScheduledExecutorService timer;

  /**
   * @param interval null or zero: disabled until {@link #set} gives an interval
   */
  public SyncScheduler(Supplier<SyncResult> cycle, Clock clock, Duration interval) {
    this.cycle = cycle;
    this.clock = clock;
    boolean on = interval != null && !interval.isZero() && !interval.isNegative();
    this.interval = on ? interval : Duration.ofMinutes(30); // Entra Connect's default
    this.enabled = on;
    this.nextRunAt = on ? clock.instant().plus(this.interval) : null;
  }

  /** {@code {"enabled", "intervalSeconds", "nextRunAt", "syncCycleInProgress", "cycles", …}}. */
  public synchronized ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("enabled", enabled);
    json.put("intervalSeconds", interval.toSeconds());
    if (enabled && nextRunAt != null) {
      json.put("nextRunAt", nextRunAt.truncatedTo(ChronoUnit.SECONDS).toString());
    } else {
      json.putNull("nextRunAt");
    }
    json.put("syncCycleInProgress", running.isLocked());
    json.put("cycles", cycles);
    if (lastRunAt != null) {
      json.put("lastRunAt", lastRunAt.truncatedTo(ChronoUnit.SECONDS).toString());
    } else {
      json.putNull("lastRunAt");
    }
    return json;
  }

  /**
   * Applies {@code {"enabled": bool, "intervalSeconds": n}} (both optional); enabling or a new
   * interval schedules the next cycle one interval from now.
   *
   * @throws IllegalArgumentException with a message for the caller when a value is wrong
   */
  public synchronized void set(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException(
          "the body must be a JSON object such as {\"enabled\": false}");
    }
    JsonNode on = body.get("enabled");
    JsonNode seconds = body.get("intervalSeconds");
    if (on != null && !on.isBoolean()) {
      throw new IllegalArgumentException("enabled must be true or false");
    }
    if (seconds != null && (!seconds.canConvertToLong() || seconds.asLong() < 1)) {
      throw new IllegalArgumentException("intervalSeconds must be a whole number ≥ 1");
    }
    boolean wasEnabled = enabled;
    if (seconds != null) {
      interval = Duration.ofSeconds(seconds.asLong());
    }
    if (on != null) {
      enabled = on.asBoolean();
    }
    if (enabled && (!wasEnabled || seconds != null)) {
      nextRunAt = clock.instant().plus(interval);
    }
  }

  public synchronized boolean enabled() {
    return enabled;
  }

  /** Runs one cycle now; empty when a cycle is already running (Entra Connect: "busy"). */
  public Optional<SyncResult> runNow() {
    if (!running.tryLock()) {
      return Optional.empty();
    }
    try {
      return Optional.of(cycle.get());
    } finally {
      synchronized (this) {
        cycles++;
        lastRunAt = clock.instant();
        // As Connect does: the next scheduled cycle is one interval after this one ended (also
        // after a failed one, which is retried then).
        if (enabled) {
          nextRunAt = lastRunAt.plus(interval);
        }
      }
      running.unlock();
    }
  }

  /** Runs one cycle now, after the one running (if any) has ended; for in-process callers. */
  public SyncResult runNowWaiting() {
    running.lock();
    try {
      return runNow().orElseThrow(); // re-entrant: this thread holds the lock
    } finally {
      running.unlock();
    }
  }

  /** Runs a cycle when the scheduler is enabled and one is due; empty otherwise. */
  public Optional<SyncResult> tick() {
    synchronized (this) {
      if (!enabled || nextRunAt == null || clock.instant().isBefore(nextRunAt)) {
        return Optional.empty();
      }
    }
    return runNow();
  }

  /** Calls {@link #tick()} every {@code period} on a daemon thread until {@link #close()}. */
  public synchronized void startTimer(Duration period) {
    if (timer != null) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sandbox-sync-scheduler");
              t.setDaemon(true);
              return t;
            });
    long ms = Math.max(10, period.toMillis());
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            tick();
          } catch (RuntimeException e) {
            // A failed cycle (e.g. the directory stopped) is retried at the next interval; the
            // timer must not die of it.
          }
        },
        ms,
        ms,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
