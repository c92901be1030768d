package dev.hardmatch.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanLockTest {
  @TempDir Path dir;

  @Test
  void aSecondHolderIsRefusedAndToldWhoHoldsIt() {
    Path plan = dir.resolve("p.plan.json");
    try (PlanLock first = PlanLock.tryAcquire(plan)) {
      assertNotNull(first);
      assertNull(PlanLock.tryAcquire(plan));
      String holder = PlanLock.holder(plan);
      assertTrue(holder.startsWith("pid " + ProcessHandle.current().pid() + " on "), holder);
      assertTrue(holder.contains(" since "), holder);
    }
  }

  @Test
  void isFreeAgainAfterRelease() throws Exception {
    Path plan = dir.resolve("p.plan.json");
    PlanLock first = PlanLock.tryAcquire(plan);
    assertNotNull(first);
    first.close();
    assertEquals("", Files.readString(PlanLock.pathFor(plan)));
    try (PlanLock second = PlanLock.tryAcquire(plan)) {
      assertNotNull(second);
    }
  }

  @Test
  void locksArePerPlan() {
    try (PlanLock a = PlanLock.tryAcquire(dir.resolve("a.plan.json"));
        PlanLock b = PlanLock.tryAcquire(dir.resolve("b.plan.json"))) {
      assertNotNull(a);
      assertNotNull(b);
    }
  }
}
