package dev.hardmatch.sandbox.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.sandbox.Generator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bulk load gives the directory exactly what the server's add path gives it. */
class DirectLoadTest {
  private static final String BASE = EmbeddedDirectoryTest.BASE;

  /** dump, then what a client sees: an indexed lookup, an OU's users, a presence count. */
  private static List<String> observe(String ldif, String sam, String ou) throws Exception {
    int before = DirectLoad.LOADS.get();
    try (EmbeddedDirectory ad =
        EmbeddedDirectory.start(ldif, "org.ldif", EmbeddedDirectory.Options.defaults())) {
      List<String> seen = new ArrayList<>();
      seen.add(ad.dump());
      try (LDAPConnection c = EmbeddedDirectoryTest.bound(ad)) {
        SearchResult one =
            c.search(ad.baseDn(), SearchScope.SUB, "(sAMAccountName=" + sam + ")", "*");
        seen.add(one.getSearchEntries().get(0).toLDIFString());
        seen.add(
            String.valueOf(c.search(ou, SearchScope.ONE, "(objectClass=user)").getEntryCount()));
        seen.add(
            String.valueOf(
                c.search(ad.baseDn(), SearchScope.SUB, "(objectClass=*)").getEntryCount()));
      }
      assertEquals(DirectLoad.enabled ? before + 1 : before, DirectLoad.LOADS.get());
      return seen;
    }
  }

  private static List<String> observeThroughAdds(String ldif, String sam, String ou)
      throws Exception {
    DirectLoad.enabled = false;
    try {
      return observe(ldif, sam, ou);
    } finally {
      DirectLoad.enabled = true;
    }
  }

  @Test
  void aGeneratedOrganisationLoadsAsTheServersAddsWouldLoadIt(@TempDir Path dir) throws Exception {
    Generator.generate(
        new Generator.Options(1500, 500, 0.3, 0.5, 7, dir, 10389, 10080, null), true);
    String ldif = Files.readString(dir.resolve("ad.ldif"));
    String ou = "OU=People," + Generator.BASE_DN;
    String sam = ldif.replaceAll("(?s).*?sAMAccountName: ([^\\n]+)\\n.*", "$1");
    List<String> direct = observe(ldif, sam, ou);
    assertTrue(Integer.parseInt(direct.get(3)) > 1500, direct.get(3));
    assertEquals(observeThroughAdds(ldif, sam, ou), direct);
  }

  @Test
  void mixedCaseClassesMultiValuedRdnsAndAMissingBaseLoadAsAddsWouldLoadThem() throws Exception {
    String ldif =
        "dn: OU=Staff,"
            + BASE
            + "\nobjectClass: organizationalUnit\nou: Staff\n\n"
            + "dn: CN=Zed+sAMAccountName=zed,OU=Staff,"
            + BASE
            + "\nobjectclass: User\ncn: Zed\nsAMAccountName: zed\n\n"
            + "dn: cn=adam,ou=staff,"
            + BASE.toLowerCase()
            + "\nobjectClass: Person\nobjectClass: user\ncn: adam\nsAMAccountName: adam\n\n"
            // Spaces after the commas: the DN reads back as written, not rebuilt from its parent.
            + "dn: CN=Eve, OU=Staff, "
            + BASE
            + "\nobjectClass: user\ncn: Eve\nsAMAccountName: eve\n";
    String ou = "OU=Staff," + BASE;
    assertEquals(observeThroughAdds(ldif, "adam", ou), observe(ldif, "adam", ou));
  }

  @Test
  void aDuplicateEntryIsRefusedOnItsLine() {
    String person = "dn: CN=A," + BASE + "\nobjectClass: user\ncn: A\n\n";
    HardmatchException e =
        assertThrows(
            HardmatchException.class,
            () ->
                EmbeddedDirectory.start(
                    person + person, "dup.ldif", EmbeddedDirectory.Options.defaults()));
    assertTrue(e.getMessage().startsWith("dup.ldif:5: entry CN=A,"), e.getMessage());
    assertTrue(e.getMessage().endsWith("remove the duplicate entry"), e.getMessage());
  }
}
