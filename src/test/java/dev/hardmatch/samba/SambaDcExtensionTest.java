package dev.hardmatch.samba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Without a DC: how the Samba suite reports a machine that cannot run one, and the script's env.
 */
class SambaDcExtensionTest {

  @Test
  void machineWithoutADcSkipsWithTheReason() {
    SambaDcExtension.Holder holder =
        SambaDcExtension.Holder.unavailable(
            "the Samba AD DC tests need root; uid is 1000", Map.of());
    TestAbortedException e = assertThrows(TestAbortedException.class, holder::dc);
    assertEquals(
        "Samba AD DC tests skipped: the Samba AD DC tests need root; uid is 1000", e.getMessage());
  }

  @Test
  void requiredDcOnAMachineWithoutOneFailsLoudly() {
    SambaDcExtension.Holder holder =
        SambaDcExtension.Holder.unavailable(
            "Samba is not installed and there is no apt-get to install it",
            Map.of(SambaDc.REQUIRE_ENV, "1"));
    AssertionFailedError e = assertThrows(AssertionFailedError.class, holder::dc);
    assertTrue(e.getMessage().contains("HARDMATCH_REQUIRE_SAMBA=1"), e.getMessage());
    assertTrue(e.getMessage().contains("no apt-get"), e.getMessage());
  }

  @Test
  void startOutputIsParsedAsKeyValueLinesWithDnValues() {
    Map<String, String> env =
        SambaDc.parse(
            "LDAPS_URL=ldaps://127.0.0.1:636\n"
                + "BASE_DN=DC=hardmatch,DC=test\n"
                + "not a key line\n"
                + "BIND_PASSWORD=Hm1-a=b\n");
    assertEquals("ldaps://127.0.0.1:636", env.get("LDAPS_URL"));
    assertEquals("DC=hardmatch,DC=test", env.get("BASE_DN"));
    assertEquals("Hm1-a=b", env.get("BIND_PASSWORD"));
    assertEquals(3, env.size());
  }
}
