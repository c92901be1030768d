package dev.hardmatch.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.HardmatchException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationParserTest {
  @Test
  void readsTheShortFormsAndIso() {
    assertEquals(Duration.ofSeconds(90), DurationParser.parse("90s"));
    assertEquals(Duration.ofMinutes(30), DurationParser.parse("30m"));
    assertEquals(Duration.ofHours(24), DurationParser.parse("24h"));
    assertEquals(Duration.ofDays(7), DurationParser.parse("7d"));
    assertEquals(Duration.ofDays(14), DurationParser.parse("2w"));
    assertEquals(Duration.ofHours(36), DurationParser.parse("PT36H"));
  }

  @Test
  void aBadValueIsAUsageErrorWithExamples() {
    HardmatchException e =
        assertThrows(HardmatchException.class, () -> DurationParser.parse("soon"));
    assertEquals(64, e.exitCode());
    assertTrue(e.fix().contains("24h"));
  }

  @Test
  void formatsCompactlyForMessages() {
    assertEquals("3d 4h", DurationParser.format(Duration.ofHours(76).plusMinutes(5)));
    assertEquals("25m", DurationParser.format(Duration.ofMinutes(25)));
    assertEquals("12s", DurationParser.format(Duration.ofSeconds(12)));
    assertEquals("0s", DurationParser.format(Duration.ZERO));
  }
}
