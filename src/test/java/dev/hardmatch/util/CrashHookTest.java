package dev.hardmatch.util;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The crash harness's kill hook: inert unless armed, exact about which point it stops at. */
class CrashHookTest {
  @AfterEach
  void disarm() {
    CrashHook.disarm();
  }

  @Test
  void unarmedItDoesNothingAndCountsNothing() {
    assertDoesNotThrow(
        () -> {
          for (int i = 0; i < 1000; i++) {
            CrashHook.point("a journal append");
          }
        });
    assertEquals(0, CrashHook.disarm());
  }

  @Test
  void armedInProcessItStopsAtTheNthPointAndEveryOneAfter() {
    CrashHook.arm(3, CrashHook.Mode.THROW);
    CrashHook.point("one");
    CrashHook.point("two");
    CrashHook.Crash crash = assertThrows(CrashHook.Crash.class, () -> CrashHook.point("three"));
    assertTrue(crash.getMessage().contains("crash point 3 (three)"), crash.getMessage());
    assertThrows(CrashHook.Crash.class, () -> CrashHook.point("four"));
    assertEquals(4, CrashHook.disarm());
  }

  @Test
  void countingNeverStops() {
    CrashHook.arm(Long.MAX_VALUE, CrashHook.Mode.COUNT);
    for (int i = 0; i < 5; i++) {
      CrashHook.point("p");
    }
    assertEquals(5, CrashHook.disarm());
  }
}
