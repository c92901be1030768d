package dev.hardmatch.anchor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SidTest {
  // Layout per MS-DTYP 2.4.2.2: authority 5 big-endian, then 21, the domain's three numbers and
  // the RID 512, each little-endian.
  static final String TEXT = "S-1-5-21-1004336348-1177238915-682003330-512";
  static final String HEX = "010500000000000515000000dcf4dc3b833d2b46828ba62800020000";

  @Test
  void binaryToSddlAndBack() {
    byte[] raw = HexFormat.of().parseHex(HEX);
    assertEquals(TEXT, Sid.toText(raw));
    assertArrayEquals(raw, Sid.toBytes(TEXT));
    assertArrayEquals(raw, Sid.toBytes(TEXT.toLowerCase()));
  }

  @Test
  void octetsThatAreNoSidGiveNull() {
    assertNull(Sid.toText(null));
    assertNull(Sid.toText(new byte[] {1, 2, 0, 0}));
    assertNull(Sid.toText(HexFormat.of().parseHex("0105000000000005150000")));
  }
}
