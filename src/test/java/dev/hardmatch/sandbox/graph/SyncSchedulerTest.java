package dev.hardmatch.sandbox.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The simulated Entra Connect scheduler: due cycles, pause and resume, busy while running. */
class SyncSchedulerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-11-28T09:00:00Z");
  private static final SyncResult EMPTY =
      new SyncResult(
          0, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
          List.of());

  private Instant now = T0;
  private final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return now;
        }

        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }
      };

  @Test
  void runsACycleWhenDueAndSchedulesTheNextOneIntervalAfterIt() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    SyncScheduler s =
        new SyncScheduler(
            () -> {
              runs.incrementAndGet();
              return EMPTY;
            },
            clock,
            Duration.ofMinutes(30));
    assertEquals("2026-11-28T09:30:00Z", s.toJson().get("nextRunAt").asText());
    now = T0.plus(Duration.ofMinutes(29));
    assertTrue(s.tick().isEmpty(), "not due yet");
    now = T0.plus(Duration.ofMinutes(30));
    assertTrue(s.tick().isPresent());
    assertEquals(1, runs.get());
    assertEquals("2026-11-28T10:00:00Z", s.toJson().get("nextRunAt").asText());

    s.set(JSON.readTree("{\"enabled\": false}"));
    now = T0.plus(Duration.ofHours(5));
    assertTrue(s.tick().isEmpty(), "paused: no scheduled cycle");
    assertTrue(s.toJson().get("nextRunAt").isNull());
    assertTrue(s.runNow().isPresent(), "a manual cycle runs while paused, as in Entra Connect");

    s.set(JSON.readTree("{\"enabled\": true, \"intervalSeconds\": 60}"));
    assertEquals("2026-11-28T14:01:00Z", s.toJson().get("nextRunAt").asText());
    assertEquals(60, s.toJson().get("intervalSeconds").asInt());
    assertEquals(2, s.toJson().get("cycles").asInt());
  }

  @Test
  void aSecondCycleIsRefusedWhileOneRuns() throws Exception {
    CountDownLatch inCycle = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SyncScheduler s =
        new SyncScheduler(
            () -> {
              inCycle.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return EMPTY;
            },
            clock,
            null);
    CompletableFuture<Optional<SyncResult>> first = CompletableFuture.supplyAsync(s::runNow);
    assertTrue(inCycle.await(30, TimeUnit.SECONDS));
    assertTrue(s.toJson().get("syncCycleInProgress").asBoolean());
    assertTrue(s.runNow().isEmpty(), "busy");
    release.countDown();
    assertTrue(first.get(30, TimeUnit.SECONDS).isPresent());
    assertFalse(s.toJson().get("syncCycleInProgress").asBoolean());
  }

  @Test
  void badSettingsAreRefusedWithTheirReason() throws Exception {
    SyncScheduler s = new SyncScheduler(() -> EMPTY, clock, null);
    assertFalse(s.enabled());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> s.set(JSON.readTree("{\"enabled\": \"no\"}")));
    assertEquals("enabled must be true or false", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> s.set(JSON.readTree("{\"intervalSeconds\": 0}")));
    assertFalse(s.enabled(), "nothing changed");
  }
}
