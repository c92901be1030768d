package dev.hardmatch.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.anchor.Anchor;
import dev.hardmatch.directory.AdUser;
import dev.hardmatch.spec.LinksFile.SourceAnchor;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnchorChoiceTest {
  static final byte[] GUID = Anchor.fromGuid("8c4ac332-975f-4717-ad7b-ba4a4e968fff").bytes();
  static final byte[] CONSISTENCY = Anchor.fromGuid("6701fa1a-fb0f-45a8-9356-d302b2affbb1").bytes();

  static AdUser user(byte[] objectGuid, byte[] consistencyGuid) {
    return new AdUser(
        "CN=x",
        "x",
        "x@contoso.com",
        objectGuid,
        consistencyGuid,
        null,
        null,
        null,
        null,
        List.of(),
        512);
  }

  @Test
  void autoPrefersConsistencyGuidWhenSet() {
    assertEquals(
        "GvoBZw/7qEWTVtMCsq/7sQ==",
        AnchorChoice.of(user(GUID, CONSISTENCY), SourceAnchor.AUTO).immutableId());
    assertEquals(
        "MsNKjF+XF0ete7pKTpaP/w==",
        AnchorChoice.of(user(GUID, null), SourceAnchor.AUTO).immutableId());
  }

  @Test
  void objectGuidModeIgnoresConsistencyGuid() {
    AnchorChoice c = AnchorChoice.of(user(GUID, CONSISTENCY), SourceAnchor.OBJECT_GUID);
    assertEquals(AnchorChoice.OBJECT_GUID, c.attribute());
    assertEquals("MsNKjF+XF0ete7pKTpaP/w==", c.immutableId());
  }

  // As Entra Connect does: an empty mS-DS-ConsistencyGuid means objectGUID, said out loud.
  @Test
  void consistencyGuidModeFallsBackToObjectGuidWhenEmpty() {
    AnchorChoice c = AnchorChoice.of(user(GUID, null), SourceAnchor.CONSISTENCY_GUID);
    assertEquals(AnchorChoice.OBJECT_GUID, c.attribute());
    assertTrue(c.consistencyGuidMissing());
    assertEquals("MsNKjF+XF0ete7pKTpaP/w==", c.immutableId());
    assertFalse(
        AnchorChoice.of(user(GUID, CONSISTENCY), SourceAnchor.CONSISTENCY_GUID)
            .consistencyGuidMissing());
  }

  @Test
  void anAttributeThatIsNot16BytesIsNoAnchor() {
    AnchorChoice c = AnchorChoice.of(user(new byte[15], null), SourceAnchor.AUTO);
    assertFalse(c.valid());
    assertNull(c.immutableId());
  }
}
