package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hardmatch takeover status|open|close} against the emulator's takeover flag. */
class TakeoverCommandTest {
  private static final String LINK =
      "  - { sam: johns, upn: john.smith@contoso.com, adUpn: keep }\n";

  @TempDir Path dir;
  private ApplySandbox box;

  @AfterEach
  void stop() {
    if (box != null) {
      box.close();
    }
  }

  @Test
  void aDelegatedSignInReadsOpensAndClosesTheWindowSayingWhatItWas() {
    box = ApplySandbox.start(dir, "race", b -> b.delegated(true)).links(LINK);

    CliResult status = box.cli("takeover", "status", "links.yaml");
    assertEquals(0, status.exit(), status.toString());
    assertEquals("takeover window: open (hard matches allowed)\n", status.out());

    CliResult close = box.cli("takeover", "close", "links.yaml");
    assertEquals(0, close.exit(), close.toString());
    assertTrue(
        close.out().contains("was open (hard matches allowed); now closed"), close.toString());
    assertTrue(
        box.cli("takeover", "status", "links.yaml").out().contains("closed"), "the flag is on");

    CliResult open = box.cli("takeover", "open", "links.yaml");
    assertEquals(0, open.exit(), open.toString());
    assertTrue(open.out().contains("was closed"), open.toString());
    assertTrue(open.out().contains("now open"), open.toString());
    assertTrue(open.out().contains("hardmatch takeover close"), open.toString());
  }

  @Test
  void anApplicationCredentialIsToldToSignInAsAGlobalAdministrator() {
    box = ApplySandbox.start(dir, "race").links(LINK);
    CliResult r = box.cli("takeover", "status", "links.yaml");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("403"), r.toString());
    assertTrue(r.err().contains("--auth device-code"), r.toString());
    assertTrue(r.err().contains("Global Administrator"), r.toString());
    assertEquals("", r.out());
  }
}
