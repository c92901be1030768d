package dev.hardmatch.sandbox.ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import dev.hardmatch.Diagnostic;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.anchor.Anchor;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDirectoryTest {
  static final String BASE = "DC=corp,DC=example,DC=com";

  static EmbeddedDirectory startCorp(EmbeddedDirectory.Options options) throws Exception {
    try (InputStream in = EmbeddedDirectoryTest.class.getResourceAsStream("corp.ldif")) {
      return EmbeddedDirectory.start(in, "corp.ldif", options);
    }
  }

  static LDAPConnection bound(EmbeddedDirectory ad) throws LDAPException {
    LDAPConnection c = new LDAPConnection("127.0.0.1", ad.ldapPort());
    c.bind(ad.bindDn(), ad.bindPassword());
    return c;
  }

  // An anonymous client sees nothing; a wrong password is refused; the service account reads.
  @Test
  void refusesAnonymousSearchAndWrongPassword() throws Exception {
    try (EmbeddedDirectory ad = startCorp(EmbeddedDirectory.Options.defaults())) {
      assertEquals("CN=svc-hardmatch,CN=Users," + BASE, ad.bindDn());
      assertEquals(BASE, ad.baseDn());
      assertTrue(ad.ldapUrl().matches("ldap://127\\.0\\.0\\.1:\\d+"), ad.ldapUrl());
      assertNull(ad.ldapsUrl());
      assertNull(ad.caFile());

      try (LDAPConnection anonymous = new LDAPConnection("127.0.0.1", ad.ldapPort())) {
        LDAPException refused =
            assertThrows(
                LDAPException.class,
                () -> anonymous.search(BASE, SearchScope.SUB, "(sAMAccountName=johns)"));
        assertEquals(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, refused.getResultCode());

        LDAPException wrong =
            assertThrows(LDAPException.class, () -> anonymous.bind(ad.bindDn(), "not-it"));
        assertEquals(ResultCode.INVALID_CREDENTIALS, wrong.getResultCode());
      }

      try (LDAPConnection c = bound(ad)) {
        SearchResult found = c.search(BASE, SearchScope.SUB, "(sAMAccountName=johns)");
        assertEquals(1, found.getEntryCount());
        assertEquals("CN=John Smith,OU=Staff," + BASE, found.getSearchEntries().get(0).getDN());
      }
    }
  }

  // AD takes user@domain as a bind name: the service account's and a user's own UPN both work.
  @Test
  void acceptsUserPrincipalNameAsBindName() throws Exception {
    try (EmbeddedDirectory ad =
            startCorp(EmbeddedDirectory.Options.defaults().withBindPassword("pw-1"));
        LDAPConnection c = new LDAPConnection("127.0.0.1", ad.ldapPort())) {
      assertEquals(
          ResultCode.SUCCESS, c.bind("svc-hardmatch@corp.example.com", "pw-1").getResultCode());
      assertEquals(
          ResultCode.SUCCESS,
          c.bind("bind.user@corp.example.com", "secret-of-bindu").getResultCode());
      LDAPException wrong =
          assertThrows(LDAPException.class, () -> c.bind("bind.user@corp.example.com", "nope"));
      assertEquals(ResultCode.INVALID_CREDENTIALS, wrong.getResultCode());
    }
  }

  // 2,500 users read with page size 500: the client counts the pages, the server the requests.
  @Test
  void pagesASearchOver2500Entries() throws Exception {
    StringBuilder ldif = new StringBuilder();
    ldif.append("dn: ")
        .append(BASE)
        .append("\nobjectClass: top\nobjectClass: domain\ndc: corp\n\n");
    ldif.append("dn: OU=Many,")
        .append(BASE)
        .append("\nobjectClass: organizationalUnit\nou: Many\n\n");
    for (int i = 0; i < 2500; i++) {
      ldif.append("dn: CN=user")
          .append(i)
          .append(",OU=Many,")
          .append(BASE)
          .append("\nobjectClass: user\ncn: user")
          .append(i)
          .append("\nsAMAccountName: user")
          .append(i)
          .append("\n\n");
    }
    try (EmbeddedDirectory ad =
            EmbeddedDirectory.start(
                ldif.toString(), "many.ldif", EmbeddedDirectory.Options.defaults());
        LDAPConnection c = bound(ad)) {
      Set<String> seen = new HashSet<>();
      int pages = 0;
      ASN1OctetString cookie = null;
      do {
        SearchRequest request =
            new SearchRequest(BASE, SearchScope.SUB, "(objectClass=user)", "sAMAccountName");
        request.setControls(new SimplePagedResultsControl(500, cookie));
        SearchResult page = c.search(request);
        pages++;
        assertTrue(page.getEntryCount() <= 500, "a page holds at most 500 entries");
        for (SearchResultEntry e : page.getSearchEntries()) {
          seen.add(e.getAttributeValue("sAMAccountName"));
        }
        SimplePagedResultsControl response = SimplePagedResultsControl.get(page);
        assertNotNull(response, "the server answers with a paged results control");
        cookie = response.moreResultsToReturn() ? response.getCookie() : null;
      } while (cookie != null);

      assertEquals(2500, seen.size());
      assertEquals(5, pages);
      assertEquals(5, ad.receivedFilters().size());
    }
  }

  // objectGUID given in the LDIF comes back byte for byte; missing ones are generated.
  @Test
  void keepsGivenGuidsAndGeneratesMissingOnes() throws Exception {
    byte[] first;
    try (EmbeddedDirectory ad = startCorp(EmbeddedDirectory.Options.defaults());
        LDAPConnection c = bound(ad)) {
      SearchResultEntry john =
          c.searchForEntry(BASE, SearchScope.SUB, "(sAMAccountName=johns)", "objectGUID");
      assertArrayEquals(
          Base64.getDecoder().decode("fMa51PBTY0u4eEeZgM+xyA=="),
          john.getAttributeValueBytes("objectGUID"));
      assertEquals(
          "d4b9c67c-53f0-4b63-b878-479980cfb1c8",
          Anchor.ofBytes(john.getAttributeValueBytes("objectGUID")).guid());

      SearchResultEntry peter =
          c.searchForEntry(BASE, SearchScope.SUB, "(sAMAccountName=peterp)", "objectGUID");
      first = peter.getAttributeValueBytes("objectGUID");
      assertEquals(16, first.length);

      // Every object carries one, and no two share it.
      SearchResult all = c.search(BASE, SearchScope.SUB, "(objectClass=*)", "objectGUID");
      Set<String> guids = new HashSet<>();
      for (SearchResultEntry e : all.getSearchEntries()) {
        byte[] guid = e.getAttributeValueBytes("objectGUID");
        assertNotNull(guid, e.getDN() + " has an objectGUID");
        guids.add(Base64.getEncoder().encodeToString(guid));
      }
      assertEquals(all.getEntryCount(), guids.size());

      // Added over LDAP without one: the server assigns one, as AD does.
      c.add(
          "dn: CN=New Hire,OU=Staff," + BASE,
          "objectClass: user",
          "cn: New Hire",
          "sAMAccountName: newh");
      SearchResultEntry added =
          c.searchForEntry(BASE, SearchScope.SUB, "(sAMAccountName=newh)", "objectGUID");
      assertEquals(16, added.getAttributeValueBytes("objectGUID").length);
    }
    // The same LDIF gives the same generated GUIDs (stable sandboxes, stable golden plans).
    try (EmbeddedDirectory again = startCorp(EmbeddedDirectory.Options.defaults());
        LDAPConnection c = bound(again)) {
      SearchResultEntry peter =
          c.searchForEntry(BASE, SearchScope.SUB, "(sAMAccountName=peterp)", "objectGUID");
      assertArrayEquals(first, peter.getAttributeValueBytes("objectGUID"));
    }
  }

  // The schema is AD's: GUIDs are single-valued octet strings, unknown attributes are refused.
  @Test
  void enforcesTheAdSchema() throws Exception {
    try (EmbeddedDirectory ad = startCorp(EmbeddedDirectory.Options.defaults());
        LDAPConnection c = bound(ad)) {
      String dn = "CN=John Smith,OU=Staff," + BASE;
      LDAPException twoGuids =
          assertThrows(
              LDAPException.class,
              () ->
                  c.modify(
                      dn,
                      new Modification(
                          ModificationType.ADD,
                          "mS-DS-ConsistencyGuid",
                          new byte[][] {new byte[16], new byte[] {1}})));
      assertEquals(ResultCode.OBJECT_CLASS_VIOLATION, twoGuids.getResultCode());
      LDAPException unknown =
          assertThrows(
              LDAPException.class,
              () ->
                  c.modify(
                      dn, new Modification(ModificationType.REPLACE, "favouriteColour", "red")));
      assertTrue(unknown.getMessage().contains("favouriteColour"), unknown.getMessage());
    }
  }

  // The in-process interface (the sync simulator's) needs no bind and is not counted.
  @Test
  void inProcessAccessNeedsNoBindAndIsNotCounted() throws Exception {
    try (EmbeddedDirectory ad = startCorp(EmbeddedDirectory.Options.defaults())) {
      byte[] guid = new byte[16];
      guid[0] = 7;
      ad.ldap()
          .modify(
              "CN=John Smith,OU=Staff," + BASE,
              new Modification(ModificationType.REPLACE, "mS-DS-ConsistencyGuid", guid));
      SearchResultEntry john =
          ad.ldap()
              .searchForEntry(
                  BASE,
                  SearchScope.SUB,
                  Filter.createEqualityFilter("sAMAccountName", "johns"),
                  "mS-DS-ConsistencyGuid");
      assertArrayEquals(guid, john.getAttributeValueBytes("mS-DS-ConsistencyGuid"));
      assertEquals(List.of(), ad.receivedFilters());
    }
  }

  // dump() is the same for the same state, changes with it, and shows binary values in Base64.
  @Test
  void dumpsDeterministically() throws Exception {
    try (EmbeddedDirectory ad = startCorp(EmbeddedDirectory.Options.defaults())) {
      String before = ad.dump();
      assertEquals(before, ad.dump());
      assertTrue(before.startsWith("dn: " + BASE + "\n"), before.substring(0, 60));
      assertTrue(before.contains("objectGUID:: fMa51PBTY0u4eEeZgM+xyA==\n"));
      assertTrue(
          before.indexOf("dn: OU=Staff," + BASE) < before.indexOf("dn: CN=John Smith,OU=Staff"));
      ad.ldap()
          .modify(
              "CN=John Smith,OU=Staff," + BASE,
              new Modification(ModificationType.REPLACE, "displayName", "Johnny"));
      String after = ad.dump();
      assertNotEquals(before, after);
      assertTrue(after.contains("displayName: Johnny\n"));
      try (EmbeddedDirectory same = startCorp(EmbeddedDirectory.Options.defaults())) {
        assertEquals(before, same.dump());
      }
    }
  }

  // LDAPS and StartTLS with the generated CA: verified chain and host name, then a bound search.
  @Test
  void servesLdapsAndStartTlsWithTheGeneratedCa() throws Exception {
    try (EmbeddedDirectory ad = startCorp(EmbeddedDirectory.Options.defaults().withLdaps(true))) {
      assertNotNull(ad.caFile());
      String pem = Files.readString(ad.caFile(), StandardCharsets.US_ASCII);
      assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"), pem);
      assertTrue(ad.ldapsUrl().matches("ldaps://127\\.0\\.0\\.1:\\d+"), ad.ldapsUrl());
      int ldapsPort = Integer.parseInt(ad.ldapsUrl().replaceAll(".*:", ""));

      SSLUtil ssl = new SSLUtil(new PEMFileTrustManager(ad.caFile().toFile()));
      com.unboundid.ldap.sdk.LDAPConnectionOptions options =
          new com.unboundid.ldap.sdk.LDAPConnectionOptions();
      options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(false));
      for (String host : List.of("127.0.0.1", "localhost")) {
        try (LDAPConnection c =
            new LDAPConnection(ssl.createSSLSocketFactory(), options, host, ldapsPort)) {
          c.bind(ad.bindDn(), ad.bindPassword());
          assertEquals(
              1, c.search(BASE, SearchScope.SUB, "(sAMAccountName=maryk)").getEntryCount());
        }
      }

      SSLSocketFactory startTls = ssl.createSSLSocketFactory();
      try (LDAPConnection c = new LDAPConnection(options, "127.0.0.1", ad.ldapPort())) {
        assertEquals(
            ResultCode.SUCCESS,
            c.processExtendedOperation(new StartTLSExtendedRequest(startTls)).getResultCode());
        c.bind(ad.bindDn(), ad.bindPassword());
        assertEquals(1, c.search(BASE, SearchScope.SUB, "(sAMAccountName=johns)").getEntryCount());
      }
    }
  }

  // requireStrongAuth: a plain simple bind gets resultCode 8 as from a default DC; TLS binds work.
  @Test
  void canRequireStrongAuthLikeADomainController() throws Exception {
    try (EmbeddedDirectory ad =
        startCorp(
            EmbeddedDirectory.Options.defaults().withLdaps(true).withRequireStrongAuth(true))) {
      try (LDAPConnection plain = new LDAPConnection("127.0.0.1", ad.ldapPort())) {
        LDAPException refused =
            assertThrows(LDAPException.class, () -> plain.bind(ad.bindDn(), ad.bindPassword()));
        assertEquals(ResultCode.STRONG_AUTH_REQUIRED, refused.getResultCode());
        assertEquals("BindSimple: Transport encryption required.", refused.getDiagnosticMessage());
      }
      SSLUtil ssl = new SSLUtil(new PEMFileTrustManager(ad.caFile().toFile()));
      try (LDAPConnection c = new LDAPConnection("127.0.0.1", ad.ldapPort())) {
        c.processExtendedOperation(new StartTLSExtendedRequest(ssl.createSSLSocketFactory()));
        assertEquals(ResultCode.SUCCESS, c.bind(ad.bindDn(), ad.bindPassword()).getResultCode());
      }
      int ldapsPort = Integer.parseInt(ad.ldapsUrl().replaceAll(".*:", ""));
      try (LDAPConnection c =
          new LDAPConnection(ssl.createSSLSocketFactory(), "127.0.0.1", ldapsPort)) {
        assertEquals(ResultCode.SUCCESS, c.bind(ad.bindDn(), ad.bindPassword()).getResultCode());
      }
    }
  }

  // What LDIF exports contain: comments, folded lines, a Base64 DN, version: 1, CRLF endings.
  @Test
  void readsFoldedLinesCommentsAndBase64Dns() throws Exception {
    String dn = "CN=J\u00fcrgen M\u00fcller,OU=Staff," + BASE;
    String ldif =
        "version: 1\r\n\r\n# the domain\r\n"
            + DOMAIN.replace("\n", "\r\n")
            + "dn: OU=Staff,"
            + BASE
            + "\nobjectClass: organizationalUnit\nou: Staff\n\n"
            + "# a comment that is\n  folded\n"
            + "dn:: "
            + Base64.getEncoder().encodeToString(dn.getBytes(StandardCharsets.UTF_8))
            + "\nobjectClass: user\ncn: J\u00fcrgen M\u00fcller\nsAMAccountName: jmu\n"
            + "description: a long line that an LDIF writer\n  folded at column 76\n";
    try (EmbeddedDirectory ad =
            EmbeddedDirectory.start(ldif, "export.ldif", EmbeddedDirectory.Options.defaults());
        LDAPConnection c = bound(ad)) {
      SearchResultEntry entry =
          c.searchForEntry(
              BASE, SearchScope.SUB, "(sAMAccountName=jmu)", "description", "objectClass");
      assertEquals(dn, entry.getDN());
      assertEquals(
          "a long line that an LDIF writer folded at column 76",
          entry.getAttributeValue("description"));
      // AD stores the whole class chain.
      assertEquals(
          List.of("top", "person", "organizationalPerson", "user"),
          List.of(entry.getObjectClassValues()));
    }
  }

  // ---- bad LDIF: exit 65, the file and the line, and how to fix it ----

  private static HardmatchException refused(String ldif) {
    return assertThrows(
        HardmatchException.class,
        () ->
            EmbeddedDirectory.start(ldif, "bad.ldif", EmbeddedDirectory.Options.defaults())
                .close());
  }

  private static final String DOMAIN =
      "dn: " + BASE + "\nobjectClass: top\nobjectClass: domain\ndc: corp\n\n";

  @Test
  void refusesAMissingFile(@TempDir Path dir) {
    Path missing = dir.resolve("nope.ldif");
    HardmatchException e =
        assertThrows(
            HardmatchException.class,
            () -> EmbeddedDirectory.start(missing, EmbeddedDirectory.Options.defaults()));
    assertEquals(65, e.exitCode());
    assertEquals(missing + ": file not found — check the path of the LDIF file", e.getMessage());
  }

  @Test
  void refusesALineWithoutColonNamingItsLine() {
    HardmatchException e =
        refused(DOMAIN + "dn: CN=A," + BASE + "\nobjectClass: user\ncn A\nsAMAccountName: a\n");
    assertEquals(HardmatchException.Code.INVALID_INPUT, e.code());
    assertTrue(
        e.getMessage().startsWith("bad.ldif:8: line is not 'attribute: value'"), e.getMessage());
    assertTrue(e.getMessage().contains(" — write 'name: value'"), e.getMessage());
  }

  @Test
  void refusesBadBase64NamingItsLine() {
    HardmatchException e =
        refused(DOMAIN + "dn: CN=A," + BASE + "\nobjectClass: user\ncn: A\nobjectGUID:: $$$\n");
    assertTrue(
        e.getMessage()
            .startsWith("bad.ldif:9: objectGUID: the value after '::' is not valid Base64"),
        e.getMessage());
  }

  @Test
  void refusesAGuidOfTheWrongLength() {
    HardmatchException e =
        refused(DOMAIN + "dn: CN=A," + BASE + "\nobjectClass: user\ncn: A\nobjectGUID:: AAEC\n");
    assertTrue(
        e.getMessage().startsWith("bad.ldif:9: objectGUID: objectGUID must be 16 bytes, got 3"),
        e.getMessage());
  }

  @Test
  void refusesAnUnknownAttributeNamingItsLine() {
    HardmatchException e =
        refused(
            DOMAIN
                + "dn: CN=A,"
                + BASE
                + "\nobjectClass: user\ncn: A\nsAMAccountName: a\nfavouriteColour: red\n");
    assertTrue(
        e.getMessage()
            .startsWith(
                "bad.ldif:10: favouriteColour: attribute favouriteColour is not in the embedded AD's schema"),
        e.getMessage());
  }

  @Test
  void refusesAnAttributeTheClassDoesNotAllow() {
    HardmatchException e =
        refused(
            DOMAIN
                + "dn: OU=X,"
                + BASE
                + "\nobjectClass: organizationalUnit\nou: X\nsAMAccountName: x\n");
    assertTrue(
        e.getMessage().startsWith("bad.ldif:9: sAMAccountName: entry OU=X,"), e.getMessage());
    assertTrue(e.getMessage().contains("make the entry fit the AD schema"), e.getMessage());
  }

  @Test
  void refusesAChildBeforeItsParent() {
    HardmatchException e =
        refused(DOMAIN + "dn: CN=A,OU=Later," + BASE + "\nobjectClass: user\ncn: A\n");
    assertTrue(e.getMessage().startsWith("bad.ldif:6: entry CN=A,OU=Later,"), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith("put each parent entry (domain, OU, container) before its children"),
        e.getMessage());
  }

  @Test
  void refusesAValueReadFromAUrlRatherThanReadingTheFile() {
    HardmatchException e =
        refused(
            DOMAIN
                + "dn: CN=A,"
                + BASE
                + "\nobjectClass: user\ncn: A\ndescription:< file:///etc/hostname\n");
    assertTrue(
        e.getMessage()
            .startsWith("bad.ldif:9: description: values read from a URL (':<') are not supported"),
        e.getMessage());
  }

  @Test
  void checksTheValuesOfEveryEntryShapedLikeAValidOne() {
    String user =
        "dn: CN=%s,%s\nobjectClass: user\ncn: %s\nsAMAccountName: %s\nuserAccountControl: %s\n\n";
    HardmatchException e =
        refused(
            DOMAIN
                + user.formatted("A", BASE, "A", "a", "512")
                + user.formatted("B", BASE, "B", "b", "not-a-number")
                + user.formatted("C", BASE, "Someone Else", "c", "512"));
    // The first entry is valid; the second has its shape but a value of the wrong syntax, the
    // third its shape but not its RDN's value: both are reported, each on its line.
    List<Diagnostic> problems = e.diagnostics();
    assertEquals(2, problems.size(), problems.toString());
    assertEquals(16, problems.get(0).line());
    assertEquals("userAccountControl", problems.get(0).field());
    assertTrue(problems.get(0).message().contains("'not-a-number'"), problems.get(0).message());
    assertEquals(20, problems.get(1).line());
    assertTrue(problems.get(1).message().startsWith("entry CN=C,"), problems.get(1).message());
    assertTrue(problems.get(1).message().contains("RDN"), problems.get(1).message());
  }

  @Test
  void refusesAChangeRecord() {
    HardmatchException e =
        refused(DOMAIN + "dn: CN=A," + BASE + "\nchangetype: add\nobjectClass: user\ncn: A\n");
    assertTrue(
        e.getMessage().startsWith("bad.ldif:7: changetype: change records are not supported"),
        e.getMessage());
  }

  @Test
  void refusesNonUtf8NamingTheLine() {
    byte[] latin1 =
        (DOMAIN + "dn: CN=J\u00fcrgen," + BASE + "\nobjectClass: user\ncn: J\u00fcrgen\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    HardmatchException e =
        assertThrows(
            HardmatchException.class,
            () ->
                EmbeddedDirectory.start(
                    new java.io.ByteArrayInputStream(latin1),
                    "latin1.ldif",
                    EmbeddedDirectory.Options.defaults()));
    assertTrue(e.getMessage().startsWith("latin1.ldif:6: the file is not UTF-8"), e.getMessage());
  }

  @Test
  void reportsEveryProblemAtOnce() {
    HardmatchException e =
        refused(
            DOMAIN
                + "dn: CN=A,"
                + BASE
                + "\nobjectClass: user\ncn: A\nfoo: 1\n\n"
                + "dn: CN=B,"
                + BASE
                + "\nobjectClass: user\ncn: B\nbar: 2\n");
    assertEquals(2, e.diagnostics().size());
    assertEquals(9, e.diagnostics().get(0).line());
    assertEquals(14, e.diagnostics().get(1).line());
  }

  @Test
  void takesTheBaseDnFromTheFirstEntryAndCreatesAMissingBase() throws Exception {
    String ldif =
        "dn: DC=other,DC=test\nobjectClass: domain\ndc: other\n\n"
            + "dn: CN=A,DC=other,DC=test\nobjectClass: user\ncn: A\nsAMAccountName: a\n";
    try (EmbeddedDirectory ad =
        EmbeddedDirectory.start(ldif, "o.ldif", EmbeddedDirectory.Options.defaults())) {
      assertEquals("DC=other,DC=test", ad.baseDn());
      assertEquals("CN=svc-hardmatch,CN=Users,DC=other,DC=test", ad.bindDn());
    }
    String noBase = "dn: CN=A," + BASE + "\nobjectClass: user\ncn: A\nsAMAccountName: a\n";
    try (EmbeddedDirectory ad =
        EmbeddedDirectory.start(
            noBase, "n.ldif", EmbeddedDirectory.Options.defaults().withBaseDn(BASE))) {
      assertTrue(
          ad.dump()
              .startsWith("dn: " + BASE + "\ndc: corp\nobjectClass: top\nobjectClass: domain\n"),
          ad.dump());
    }
    try (EmbeddedDirectory empty =
        EmbeddedDirectory.start("", "empty.ldif", EmbeddedDirectory.Options.defaults())) {
      assertEquals(BASE, empty.baseDn());
      assertFalse(empty.dump().isEmpty());
    }
  }
}
