package dev.hardmatch.sandbox.ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code withHiddenAttributes}: the bind account gets entries without the hidden attributes and no
 * error, as from an AD without a Read Property grant; in-process access (the sync simulator,
 * standing for Entra Connect) still reads them.
 */
class HiddenAttributesTest {
  private static final String JOHN = "CN=John Smith,OU=Staff," + EmbeddedDirectoryTest.BASE;

  @Test
  void theBindAccountDoesNotSeeAHiddenAttribute() throws Exception {
    try (EmbeddedDirectory ad =
        EmbeddedDirectoryTest.startCorp(
            EmbeddedDirectory.Options.defaults()
                .withHiddenAttributes(List.of("mS-DS-ConsistencyGuid")))) {
      byte[] guid = new byte[16];
      guid[0] = 9;
      ad.ldap()
          .modify(JOHN, new Modification(ModificationType.REPLACE, "mS-DS-ConsistencyGuid", guid));
      Filter johns = Filter.createEqualityFilter("sAMAccountName", "johns");

      try (LDAPConnection c = EmbeddedDirectoryTest.bound(ad)) {
        SearchResultEntry seen =
            c.searchForEntry(
                EmbeddedDirectoryTest.BASE,
                SearchScope.SUB,
                johns,
                "mS-DS-ConsistencyGuid",
                "objectGUID");
        assertFalse(seen.hasAttribute("mS-DS-ConsistencyGuid"), seen.toLDIFString());
        assertTrue(seen.hasAttribute("objectGUID"), "other attributes stay");
      }
      SearchResultEntry inProcess =
          ad.ldap()
              .searchForEntry(
                  EmbeddedDirectoryTest.BASE, SearchScope.SUB, johns, "mS-DS-ConsistencyGuid");
      assertArrayEquals(guid, inProcess.getAttributeValueBytes("mS-DS-ConsistencyGuid"));
    }
  }
}
