package dev.hardmatch.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SidTest {

  @Test
  void domainUserSidAsEntraShowsIt() {
    // S-1-5-21-1004336348-1177238915-682003330-512 (Domain Admins of a sample domain), as the
    // octets AD returns for objectSid.
    byte[] sid =
        HexFormat.of().parseHex("010500000000000515000000dcf4dc3b833d2b46828ba62800020000");
    assertEquals("S-1-5-21-1004336348-1177238915-682003330-512", Sid.toSddl(sid));
  }

  @Test
  void wellKnownSidWithOneSubAuthority() {
    // S-1-5-18 (Local System)
    assertEquals("S-1-5-18", Sid.toSddl(HexFormat.of().parseHex("010100000000000512000000")));
  }

  @Test
  void subAuthoritiesAboveTwoToTheThirtyOneStayUnsigned() {
    byte[] sid = HexFormat.of().parseHex("01010000000000050000ffff");
    assertEquals("S-1-5-" + 0xffff0000L, Sid.toSddl(sid));
  }

  @Test
  void truncatedBytesAreNoSid() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Sid.toSddl(HexFormat.of().parseHex("0105000000000005150000")));
  }
}
