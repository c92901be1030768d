package dev.hardmatch.anchor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AnchorTest {

  // Worked examples of the .NET byte order, checked against a Samba DC.
  @Test
  void guidStringBecomesTheImmutableIdEntraExpects() {
    Anchor a = Anchor.fromGuid("8c4ac332-975f-4717-ad7b-ba4a4e968fff");
    assertEquals("32c34a8c5f971747ad7bba4a4e968fff", a.hex());
    assertEquals("MsNKjF+XF0ete7pKTpaP/w==", a.immutableId());
    assertEquals(
        "GvoBZw/7qEWTVtMCsq/7sQ==",
        Anchor.fromGuid("6701fa1a-fb0f-45a8-9356-d302b2affbb1").immutableId());
  }

  @Test
  void neverUsesTheBigEndianUuidBytes() {
    UUID u = UUID.fromString("6701fa1a-fb0f-45a8-9356-d302b2affbb1");
    byte[] be = new byte[16];
    for (int i = 0; i < 8; i++) {
      be[i] = (byte) (u.getMostSignificantBits() >>> (56 - 8 * i));
      be[8 + i] = (byte) (u.getLeastSignificantBits() >>> (56 - 8 * i));
    }
    String wrong = Base64.getEncoder().encodeToString(be);
    assertEquals("ZwH6GvsPRaiTVtMCsq/7sQ==", wrong);
    assertNotEquals(wrong, Anchor.fromGuid(u.toString()).immutableId());
  }

  @Test
  void rawOctetsAreTheImmutableIdAsIs() {
    byte[] raw = Base64.getDecoder().decode("fMa51PBTY0u4eEeZgM+xyA==");
    Anchor a = Anchor.ofBytes(raw);
    assertEquals("d4b9c67c-53f0-4b63-b878-479980cfb1c8", a.guid());
    assertEquals("fMa51PBTY0u4eEeZgM+xyA==", a.immutableId());
  }

  @Test
  void recognisesEachFormAndRoundTrips() {
    assertEquals(Anchor.Form.GUID, Anchor.recognise("8c4ac332-975f-4717-ad7b-ba4a4e968fff"));
    assertEquals(Anchor.Form.IMMUTABLE_ID, Anchor.recognise("MsNKjF+XF0ete7pKTpaP/w=="));
    assertEquals(Anchor.Form.HEX, Anchor.recognise("32c34a8c5f971747ad7bba4a4e968fff"));
    assertNull(Anchor.recognise("not-an-anchor"));
    Anchor a = Anchor.parse("32C34A8C5F971747AD7BBA4A4E968FFF");
    assertEquals(a, Anchor.parse(a.immutableId()));
    assertEquals(a, Anchor.parse(a.guid()));
    assertEquals(
        "\\32\\c3\\4a\\8c\\5f\\97\\17\\47\\ad\\7b\\ba\\4a\\4e\\96\\8f\\ff", a.ldapFilterValue());
  }

  @Test
  void rejectsWrongLengths() {
    assertThrows(IllegalArgumentException.class, () -> Anchor.ofBytes(new byte[15]));
    assertThrows(IllegalArgumentException.class, () -> Anchor.parse("MsNKjF+XF0ete7pKTpaP"));
  }
}
