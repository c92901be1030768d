package dev.hardmatch.directory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.anchor.Anchor;
import dev.hardmatch.sandbox.ad.EmbeddedDirectory;
import dev.hardmatch.spec.LinksFile;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LdapDirectoryTest {
  static final String BASE = "DC=corp,DC=example,DC=com";
  static final String ENV = "HARDMATCH_LDAP_PASSWORD";
  static final String PASSWORD = "Corr3ct-h0rse-b4ttery";

  static EmbeddedDirectory ad;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    ad = corp(EmbeddedDirectory.Options.defaults().withBindPassword(PASSWORD));
  }

  @AfterAll
  static void stop() {
    ad.close();
  }

  static EmbeddedDirectory corp(EmbeddedDirectory.Options options) throws Exception {
    try (InputStream in =
        LdapDirectoryTest.class.getResourceAsStream("/dev/hardmatch/sandbox/ad/corp.ldif")) {
      return EmbeddedDirectory.start(in, "corp.ldif", options);
    }
  }

  static LinksFile.DirectorySpec spec(String url, boolean startTls, Path caFile, String user) {
    return new LinksFile.DirectorySpec(
        url,
        startTls,
        caFile,
        BASE,
        new LinksFile.Bind(user, ENV, null),
        LinksFile.SourceAnchor.AUTO);
  }

  static LdapDirectory open(EmbeddedDirectory server) {
    return LdapDirectory.open(
        spec(server.ldapUrl(), false, null, server.bindDn()), Map.of(ENV, server.bindPassword()));
  }

  // objectGUID bytes travel unchanged: LDIF base64 → AdUser → the ImmutableId Entra expects.
  @Test
  void readsUsersWithGuidBytesUnchanged() {
    try (LdapDirectory directory = open(ad)) {
      DirectorySnapshot snapshot = directory.read(List.of("johns", "MaryK", "peterp"));
      assertEquals(BASE, snapshot.baseDn());
      assertEquals(ad.ldapUrl(), snapshot.url());

      AdUser john = single(snapshot, "johns");
      assertEquals("CN=John Smith,OU=Staff," + BASE, john.dn());
      assertEquals("john.smith@corp.example.com", john.userPrincipalName());
      assertArrayEquals(Base64.getDecoder().decode("fMa51PBTY0u4eEeZgM+xyA=="), john.objectGuid());
      assertEquals("fMa51PBTY0u4eEeZgM+xyA==", Anchor.ofBytes(john.objectGuid()).immutableId());
      assertEquals(
          "d4b9c67c-53f0-4b63-b878-479980cfb1c8", Anchor.ofBytes(john.objectGuid()).guid());
      assertNull(john.consistencyGuid());
      assertEquals("John Smith", john.displayName());
      assertEquals("John", john.givenName());
      assertEquals("Smith", john.surname());
      assertEquals("john.smith@contoso.com", john.mail());
      assertEquals(
          List.of("SMTP:john.smith@contoso.com", "smtp:johns@contoso.com"), john.proxyAddresses());
      assertEquals(512, john.userAccountControl());

      AdUser mary = single(snapshot, "maryk");
      assertEquals("MsNKjF+XF0ete7pKTpaP/w==", Anchor.ofBytes(mary.objectGuid()).immutableId());
      assertEquals(
          "44332211-6655-8877-99aa-bbccddeeff00", Anchor.ofBytes(mary.consistencyGuid()).guid());

      AdUser peter = single(snapshot, "peterp");
      assertEquals(16, peter.objectGuid().length);
      assertEquals(514, peter.userAccountControl());
      assertEquals(List.of(), peter.proxyAddresses());

      assertEquals(1, directory.searchCount());
    }
  }

  // A missing name maps to no user; two accounts with one name are both kept (ambiguous).
  @Test
  void reportsMissingAndAmbiguousUsers() {
    try (LdapDirectory directory = open(ad)) {
      DirectorySnapshot snapshot = directory.read(List.of("nobody", "alext"));
      assertEquals(List.of(), snapshot.find("nobody"));
      List<AdUser> twins = snapshot.find("ALEXT");
      assertEquals(2, twins.size());
      assertEquals("CN=Alex Twin,OU=Contractors," + BASE, twins.get(0).dn());
      assertEquals("CN=Alex Twin,OU=Staff," + BASE, twins.get(1).dn());
      assertTrue(snapshot.usersBySam().containsKey("nobody"));
    }
  }

  // Filter metacharacters reach the server escaped and find exactly the right user.
  @Test
  void escapesEveryFilterValue() {
    ad.clearReceivedFilters();
    try (LdapDirectory directory = open(ad)) {
      DirectorySnapshot snapshot = directory.read(List.of("dev(ops)", "st*r", "back\\slash"));
      assertEquals("CN=Dev Ops,OU=Staff," + BASE, single(snapshot, "dev(ops)").dn());
      assertEquals("CN=Star,OU=Contractors," + BASE, single(snapshot, "st*r").dn());
      assertEquals("CN=Back Slash,OU=Contractors," + BASE, single(snapshot, "back\\slash").dn());
    }
    List<String> filters = ad.receivedFilters();
    assertEquals(1, filters.size(), filters.toString());
    assertEquals(
        "(&(objectClass=user)(!(objectClass=computer))(|(sAMAccountName=back\\5cslash)"
            + "(sAMAccountName=dev\\28ops\\29)(sAMAccountName=st\\2ar)))",
        filters.get(0));
  }

  // 1,000 links cost 10 searches (100 names a filter), not 1,000; the server counts the same.
  @Test
  void readsAThousandNamesInAtMostTwentySearches() throws Exception {
    StringBuilder ldif = new StringBuilder();
    ldif.append("dn: ").append(BASE).append("\nobjectClass: domain\ndc: corp\n\n");
    ldif.append("dn: OU=Many,")
        .append(BASE)
        .append("\nobjectClass: organizationalUnit\nou: Many\n\n");
    for (int i = 0; i < 1200; i++) {
      ldif.append("dn: CN=u")
          .append(i)
          .append(",OU=Many,")
          .append(BASE)
          .append("\nobjectClass: user\ncn: u")
          .append(i)
          .append("\nsAMAccountName: u")
          .append(i)
          .append("\n\n");
    }
    try (EmbeddedDirectory many =
            EmbeddedDirectory.start(
                ldif.toString(), "many.ldif", EmbeddedDirectory.Options.defaults());
        LdapDirectory directory = open(many)) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 990; i++) {
        names.add("u" + i);
      }
      for (int i = 0; i < 10; i++) {
        names.add("gone" + i);
      }
      DirectorySnapshot snapshot = directory.read(names);
      int found = 0;
      for (String name : names) {
        found += snapshot.find(name).size();
      }
      assertEquals(990, found);
      assertEquals(10, directory.searchCount());
      assertTrue(directory.searchCount() <= 20);
      assertEquals(directory.searchCount(), many.receivedFilters().size());
    }
  }

  // setUserPrincipalName writes, reads back, and another client sees it — quote included.
  @Test
  void setsUserPrincipalName() throws Exception {
    String dn = "CN=Sean O'Neil,OU=Staff," + BASE;
    try (EmbeddedDirectory own = corp(EmbeddedDirectory.Options.defaults());
        LdapDirectory directory = open(own)) {
      String before = own.dump();
      directory.setUserPrincipalName(dn, "sean.o'neil@contoso.com");
      SearchResultEntry entry =
          own.ldap()
              .searchForEntry(
                  BASE,
                  SearchScope.SUB,
                  Filter.createEqualityFilter("userPrincipalName", "sean.o'neil@contoso.com"),
                  "sAMAccountName");
      assertEquals("oneil", entry.getAttributeValue("sAMAccountName"));
      assertEquals(dn, entry.getDN());
      String after = own.dump();
      assertEquals(
          before.replace(
              "userPrincipalName: sean.o'neil@corp.example.com",
              "userPrincipalName: sean.o'neil@contoso.com"),
          after);
      assertEquals("sean.o'neil@contoso.com", directory.readUser(dn).userPrincipalName());
      assertNull(directory.readUser("CN=Nobody,OU=Staff," + BASE));

      HardmatchException gone =
          assertThrows(
              HardmatchException.class,
              () -> directory.setUserPrincipalName("CN=Nobody,OU=Staff," + BASE, "x@contoso.com"));
      assertEquals(HardmatchException.Code.LDAP, gone.code());
      assertTrue(gone.getMessage().contains("no longer exists"), gone.getMessage());
    }
  }

  // ---- the password: from the environment or a file, never shown ----

  @Test
  void takesThePasswordFromAFile() throws Exception {
    Path file = dir.resolve("ldap-password");
    Files.writeString(file, PASSWORD + "\n", StandardCharsets.UTF_8);
    LinksFile.DirectorySpec spec =
        new LinksFile.DirectorySpec(
            ad.ldapUrl(),
            false,
            null,
            BASE,
            new LinksFile.Bind(ad.bindDn(), null, file),
            LinksFile.SourceAnchor.AUTO);
    try (LdapDirectory directory = LdapDirectory.open(spec, Map.of())) {
      assertEquals(1, directory.read(List.of("johns")).find("johns").size());
    }
  }

  @Test
  void bindsWithTheUserPrincipalNameAsAdAllows() {
    try (LdapDirectory directory =
        LdapDirectory.open(
            spec(ad.ldapUrl(), false, null, "svc-hardmatch@corp.example.com"),
            Map.of(ENV, PASSWORD))) {
      assertEquals(1, directory.read(List.of("maryk")).find("maryk").size());
    }
  }

  @Test
  void namesTheMissingVariable() {
    HardmatchException e =
        assertThrows(
            HardmatchException.class,
            () -> LdapDirectory.open(spec(ad.ldapUrl(), false, null, ad.bindDn()), Map.of()));
    assertEquals(HardmatchException.Code.LDAP, e.code());
    assertEquals(
        "the LDAP bind password is missing: the environment variable HARDMATCH_LDAP_PASSWORD is"
            + " not set",
        e.getMessage());
    assertTrue(e.fix().startsWith("export HARDMATCH_LDAP_PASSWORD "), e.fix());
  }

  @Test
  void refusesAWrongPasswordWithoutShowingIt() {
    String wrong = "Wr0ng-" + PASSWORD;
    HardmatchException e =
        assertThrows(
            HardmatchException.class,
            () ->
                LdapDirectory.open(
                    spec(ad.ldapUrl(), false, null, ad.bindDn()), Map.of(ENV, wrong)));
    assertEquals(HardmatchException.Code.LDAP, e.code());
    assertTrue(
        e.getMessage()
            .startsWith("LDAP bind as '" + ad.bindDn() + "' refused: invalid credentials"),
        e.getMessage());
    assertTrue(e.fix().contains("the environment variable HARDMATCH_LDAP_PASSWORD"), e.fix());
    assertFalse(e.getMessage().contains(wrong) || e.fix().contains(wrong));
    assertFalse(e.getMessage().contains(PASSWORD) || e.fix().contains(PASSWORD));
  }

  @Test
  void readsTheAdReasonCodeOfARefusedBind() {
    assertEquals(
        " (AD: account disabled)",
        LdapConnector.adBindReason(
            "80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data 533,"
                + " v4563"));
    assertEquals("", LdapConnector.adBindReason("Invalid credentials"));
  }

  // ---- where it connects, and how ----

  @Test
  void refusesPlainLdapToARealServer() {
    HardmatchException e =
        assertThrows(
            HardmatchException.class,
            () ->
                LdapDirectory.open(
                    spec("ldap://dc01.corp.example.com", false, null, "svc@corp.example.com"),
                    Map.of(ENV, PASSWORD)));
    assertEquals(
        "plain ldap:// to dc01.corp.example.com would send the bind password unencrypted; it is"
            + " allowed only to a loopback sandbox",
        e.getMessage());
    assertTrue(e.fix().contains("ldaps://dc01.corp.example.com"), e.fix());
    assertTrue(e.fix().contains("startTls: true"), e.fix());
  }

  @Test
  void reportsARefusedConnection() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = free.getLocalPort();
    }
    HardmatchException e =
        assertThrows(
            HardmatchException.class,
            () ->
                LdapDirectory.open(
                    spec("ldap://127.0.0.1:" + port, false, null, ad.bindDn()),
                    Map.of(ENV, PASSWORD)));
    assertEquals(
        "cannot connect to ldap://127.0.0.1:" + port + ": connection refused", e.getMessage());
  }

  @Test
  void reportsAMissingBaseDn() {
    LinksFile.DirectorySpec spec =
        new LinksFile.DirectorySpec(
            ad.ldapUrl(),
            false,
            null,
            "OU=Nowhere," + BASE,
            new LinksFile.Bind(ad.bindDn(), ENV, null),
            LinksFile.SourceAnchor.AUTO);
    try (LdapDirectory directory = LdapDirectory.open(spec, Map.of(ENV, PASSWORD))) {
      HardmatchException e =
          assertThrows(HardmatchException.class, () -> directory.read(List.of("johns")));
      assertTrue(
          e.getMessage().startsWith("the base DN 'OU=Nowhere," + BASE + "' does not exist"),
          e.getMessage());
    }
  }

  private static AdUser single(DirectorySnapshot snapshot, String sam) {
    List<AdUser> users = snapshot.find(sam);
    assertEquals(1, users.size(), sam + ": " + users);
    return users.get(0);
  }
}
