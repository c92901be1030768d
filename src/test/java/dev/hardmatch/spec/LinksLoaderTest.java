package dev.hardmatch.spec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.Diagnostic;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.spec.LinksFile.AdUpnMode;
import dev.hardmatch.spec.LinksFile.Link;
import dev.hardmatch.spec.LinksFile.SourceAnchor;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinksLoaderTest {
  /** A minimal valid file; line numbers matter to the tests below. */
  private static final String VALID =
      String.join(
          "\n",
          "version: 1", // 1
          "tenant:", // 2
          "  id: 7d1a2c3e-0000-4000-8000-000000000001", // 3
          "directory:", // 4
          "  url: ldaps://dc01.corp.example.com", // 5
          "  baseDn: DC=corp,DC=example,DC=com", // 6
          "  bind: { user: svc-hardmatch@corp.example.com, passwordEnv: HARDMATCH_LDAP_PASSWORD }",
          "links:", // 8
          "  - { sam: johns, upn: john.smith@contoso.com }", // 9
          "");

  @TempDir Path dir;

  // --- the happy path ---------------------------------------------------------------------

  @Test
  void loadsEveryFieldOfAFullFile() throws Exception {
    byte[] bytes = resource("/good-links/full.yaml");
    Path file = dir.resolve("links.yaml");
    Files.write(file, bytes);

    LinksFile links = LinksLoader.load(file);

    assertEquals(file, links.path());
    assertEquals(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
        links.sha256());
    assertEquals(1, links.version());
    assertEquals("7d1a2c3e-0000-4000-8000-000000000001", links.tenant().id());
    assertEquals("https://graph.microsoft.us/v1.0", links.tenant().graph());
    var d = links.directory();
    assertEquals("ldap://dc01.corp.example.com:389", d.url());
    assertTrue(d.startTls());
    assertEquals(dir.resolve("certs/corp-root-ca.pem").toAbsolutePath(), d.caFile());
    assertEquals("OU=Staff,DC=corp,DC=example,DC=com", d.baseDn());
    assertEquals("svc-hardmatch@corp.example.com", d.bind().user());
    assertNull(d.bind().passwordEnv());
    assertEquals(
        dir.resolve("secrets/ldap-password.txt").toAbsolutePath(), d.bind().passwordFile());
    assertEquals(SourceAnchor.CONSISTENCY_GUID, d.sourceAnchor());
    assertEquals(
        new LinksFile.Policy(
            true, true, 25, true, List.of("breakglass@contoso.com", "ceo@contoso.com")),
        links.policy());
    assertEquals(
        List.of(
            new Link("johns", "john.smith@contoso.com", null, null, 22),
            new Link("maryk", "mary.king@contoso.com", AdUpnMode.MATCH, null, 23),
            new Link(
                "svc(test)",
                "svc.test@contoso.com",
                AdUpnMode.KEEP,
                "MsNKjF+XF0ete7pKTpaP/w==",
                24)),
        links.links());
  }

  @Test
  void acceptsTheExampleOfTheDesign() throws Exception {
    LinksFile links =
        LinksLoader.parse(
            resource("/good-links/design-example.yaml"), dir.resolve("links.yaml"), "links.yaml");

    assertEquals(2, links.links().size());
    assertEquals(AdUpnMode.MATCH, links.links().get(1).adUpn());
    assertEquals(List.of("breakglass@contoso.com"), links.policy().protectedUpns());
  }

  @Test
  void saysWhatYamlMadeOfAnUnquotedNo() {
    Diagnostic d = errors(VALID.replace("sam: johns", "sam: no")).get(0);

    assertEquals("expected text, found 'no', which YAML reads as the boolean false", d.message());
    assertEquals("put the value in quotes so YAML reads it as text", d.fix());
  }

  @Test
  void appliesTheDocumentedDefaults() {
    LinksFile links = parse(VALID);

    assertEquals(LinksFile.TenantSpec.DEFAULT_GRAPH, links.tenant().graph());
    assertFalse(links.directory().startTls());
    assertNull(links.directory().caFile());
    assertEquals(SourceAnchor.AUTO, links.directory().sourceAnchor());
    assertEquals("HARDMATCH_LDAP_PASSWORD", links.directory().bind().passwordEnv());
    assertNull(links.directory().bind().passwordFile());
    // Destructive steps are opt-in.
    assertEquals(LinksFile.Policy.defaults(), links.policy());
    assertEquals(new LinksFile.Policy(false, false, 10, false, List.of()), links.policy());
    assertEquals(
        List.of(new Link("johns", "john.smith@contoso.com", null, null, 9)), links.links());
  }

  @Test
  void acceptsAByteOrderMarkAndWindowsLineEndings() {
    String crlf = "\uFEFF" + VALID.replace("\n", "\r\n") + "  - { sam: maryk, upn: m@contoso.com }";

    LinksFile links = parse(crlf);

    assertEquals(10, links.links().get(1).line());
  }

  @Test
  void acceptsParenthesesAndDotsInSamAndAQuoteInUpn() {
    LinksFile links = parse(VALID + "  - { sam: svc(test), upn: \"o'brien@contoso.com\" }\n");

    assertEquals("svc(test)", links.links().get(1).sam());
    assertEquals("o'brien@contoso.com", links.links().get(1).upn());
  }

  @Test
  void acceptsASamOfExactlyTwentyCharacters() {
    LinksFile links = parse(VALID + "  - { sam: abcdefghij.klmnopqrs, upn: a@contoso.com }\n");

    assertEquals(20, links.links().get(1).sam().length());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://graph.microsoft.com/v1.0",
        "https://graph.microsoft.us/v1.0",
        "https://microsoftgraph.chinacloudapi.cn/v1.0",
        "http://127.0.0.1:8080/v1.0",
        "http://localhost:1234/v1.0",
        "http://[::1]:9/v1.0"
      })
  void acceptsGraphEndpoint(String graph) {
    LinksFile links = parse(VALID.replace("tenant:\n", "tenant:\n  graph: " + graph + "\n"));

    assertEquals(graph, links.tenant().graph());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ldaps://dc01.corp.example.com",
        "ldaps://dc01.corp.example.com:636",
        "ldap://127.0.0.1:3389",
        "ldap://localhost",
        "ldap://[::1]:389"
      })
  void acceptsDirectoryUrl(String url) {
    LinksFile links = parse(VALID.replace("ldaps://dc01.corp.example.com", url));

    assertEquals(url, links.directory().url());
  }

  @Test
  void acceptsPlainLdapToARemoteHostWithStartTls() {
    LinksFile links =
        parse(
            VALID.replace(
                "ldaps://dc01.corp.example.com", "ldap://dc01.corp.example.com\n  startTls: true"));

    assertTrue(links.directory().startTls());
  }

  @Test
  void resolvesPasswordFileAgainstTheLinksFilesFolder() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("config"));
    Path file = sub.resolve("links.yaml");
    Files.writeString(
        file,
        VALID.replace("passwordEnv: HARDMATCH_LDAP_PASSWORD", "passwordFile: ../secrets/ldap.txt"));

    LinksFile links = LinksLoader.load(file, "config/links.yaml");

    assertEquals(
        dir.resolve("secrets/ldap.txt").toAbsolutePath(), links.directory().bind().passwordFile());
  }

  // --- one rule at a time -----------------------------------------------------------------

  @Test
  void rejectsDuplicateSamIgnoringCaseAndNamesTheFirstLine() {
    List<Diagnostic> errors = errors(VALID + "  - { sam: JohnS, upn: other@contoso.com }\n");

    assertEquals(List.of("10:12 links[1].sam"), where(errors));
    assertTrue(errors.get(0).message().contains("first on line 9 as 'johns'"), errors.toString());
  }

  @Test
  void rejectsDuplicateUpnIgnoringCase() {
    List<Diagnostic> errors = errors(VALID + "  - { sam: jsmith, upn: John.Smith@CONTOSO.com }\n");

    assertEquals(List.of("10:25 links[1].upn"), where(errors));
    assertTrue(errors.get(0).message().contains("listed twice: first on line 9"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "john.smith",
        "john@smith@contoso.com",
        "'@contoso.com'",
        "'john smith@contoso.com'",
        "john@contoso",
        "john@.contoso.com",
        "john@contoso..com",
        "john@contoso.com."
      })
  void rejectsMalformedUpn(String upn) {
    List<Diagnostic> errors = errors(VALID.replace("upn: john.smith@contoso.com", "upn: " + upn));

    assertEquals(List.of("9:24 links[0].upn"), where(errors));
    assertTrue(errors.get(0).message().contains("is not a valid user principal name"));
    assertTrue(errors.get(0).fix().contains("name@domain"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\"", "/", "\\", "[", "]", ":", ";", "|", "=", ",", "+", "*", "?", "<", ">"})
  void rejectsSamWithACharacterAdRefuses(String c) {
    // Single-quoted YAML takes every one of these characters literally.
    List<Diagnostic> errors = errors(VALID.replace("sam: johns", "sam: 'jo" + c + "hns'"));

    assertEquals(List.of("9:12 links[0].sam"), where(errors));
    assertTrue(
        errors.get(0).message().contains("contains '" + c + "', which AD does not allow"),
        errors.get(0).message());
  }

  @Test
  void rejectsSamLongerThanTwentyCharacters() {
    List<Diagnostic> errors = errors(VALID.replace("sam: johns", "sam: abcdefghij.klmnopqrst"));

    assertEquals(List.of("9:12 links[0].sam"), where(errors));
    assertTrue(errors.get(0).message().contains("has 21 characters"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"password", "clientSecret", "apiKey", "token", "api_key", "ACCESS-TOKEN"})
  void rejectsSecretLookingKeysWithoutRepeatingTheSecret(String key) {
    List<Diagnostic> errors =
        errors(VALID.replace("tenant:\n", "tenant:\n  " + key + ": s3cr3t-Value\n"));

    assertEquals(List.of("3:3 tenant." + key), where(errors));
    Diagnostic d = errors.get(0);
    assertTrue(d.message().contains("looks like a secret"), d.message());
    assertTrue(d.fix().contains("bind.passwordEnv"), d.fix());
    assertTrue(d.fix().contains("azure-identity"), d.fix());
    assertEquals("  " + key + ": ************\n  ^", d.excerpt());
    assertFalse(d.toString().contains("s3cr3t"));
  }

  @Test
  void findsSecretKeysInsideLinksToo() {
    List<Diagnostic> errors =
        errors(VALID.replace("upn: john.smith@contoso.com", "upn: j@contoso.com, pwd: x1"));

    assertEquals(List.of("9:39 links[0].pwd"), where(errors));
    assertTrue(errors.get(0).excerpt().contains("pwd: **"));
  }

  @Test
  void neverEchoesAPasswordWrittenIntoPasswordEnv() {
    List<Diagnostic> errors =
        errors(VALID.replace("passwordEnv: HARDMATCH_LDAP_PASSWORD", "passwordEnv: Tr0ub4dor&3"));

    assertEquals(List.of("7:62 directory.bind.passwordEnv"), where(errors));
    assertFalse(errors.toString().contains("Tr0ub4dor"), errors.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"contoso.onmicrosoft.com", "7d1a2c3e00004000800000000000001", "''"})
  void rejectsTenantIdThatIsNotAGuid(String id) {
    List<Diagnostic> errors = errors(VALID.replace("7d1a2c3e-0000-4000-8000-000000000001", id));

    assertEquals(List.of("3:7 tenant.id"), where(errors));
    assertTrue(errors.get(0).message().contains("is not a tenant id"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://graph.microsoft.com/v1.0",
        "http://10.0.0.5:8080/v1.0",
        "https://graph.microsoft.com/beta",
        "https://graph.microsoft.com",
        "https://graph.microsoft.com/v1.0/",
        "ftp://graph.microsoft.com/v1.0",
        "graph.microsoft.com/v1.0"
      })
  void rejectsGraphEndpoint(String graph) {
    List<Diagnostic> errors =
        errors(VALID.replace("tenant:\n", "tenant:\n  graph: " + graph + "\n"));

    assertEquals(List.of("3:10 tenant.graph"), where(errors));
  }

  @Test
  void explainsWhyPlainHttpIsRefusedForARemoteGraph() {
    Diagnostic d =
        errors(VALID.replace("tenant:\n", "tenant:\n  graph: http://graph.example.net/v1.0\n"))
            .get(0);

    assertTrue(d.message().contains("access token unencrypted"), d.message());
    assertTrue(d.fix().contains("127.0.0.1, localhost or ::1"), d.fix());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ldap://dc01.corp.example.com",
        "ldap://10.0.0.5:389",
        "http://dc01.corp.example.com",
        "ldaps://dc01.corp.example.com/DC=corp",
        "dc01.corp.example.com"
      })
  void rejectsDirectoryUrl(String url) {
    List<Diagnostic> errors = errors(VALID.replace("ldaps://dc01.corp.example.com", url));

    assertEquals(List.of("5:8 directory.url"), where(errors));
  }

  @Test
  void rejectsStartTlsOnLdaps() {
    List<Diagnostic> errors = errors(VALID.replace("  baseDn:", "  startTls: true\n  baseDn:"));

    assertEquals(List.of("6:13 directory.startTls"), where(errors));
  }

  @Test
  void requiresExactlyOnePasswordSource() {
    List<Diagnostic> both =
        errors(
            VALID.replace(
                "passwordEnv: HARDMATCH_LDAP_PASSWORD",
                "passwordEnv: HARDMATCH_LDAP_PASSWORD, passwordFile: pw.txt"));
    List<Diagnostic> none = errors(VALID.replace(", passwordEnv: HARDMATCH_LDAP_PASSWORD", ""));

    assertEquals(List.of("7:87 directory.bind"), where(both));
    assertTrue(both.get(0).message().contains("both passwordEnv and passwordFile"));
    assertEquals(List.of("7:9 directory.bind"), where(none));
    assertTrue(none.get(0).message().contains("no password source"));
  }

  @Test
  void acceptsAnImmutableIdAsReplaceAnchor() {
    LinksFile links =
        parse(VALID.replace(".com }\n", ".com, replaceAnchor: GvoBZw/7qEWTVtMCsq/7sQ== }\n"));

    assertEquals("GvoBZw/7qEWTVtMCsq/7sQ==", links.links().get(0).replaceAnchor());
  }

  @Test
  void offersTheImmutableIdWhenReplaceAnchorIsAGuid() {
    List<Diagnostic> errors =
        errors(
            VALID.replace(
                ".com }\n", ".com, replaceAnchor: 8c4ac332-975f-4717-ad7b-ba4a4e968fff }\n"));

    assertEquals(List.of("9:63 links[0].replaceAnchor"), where(errors));
    assertTrue(errors.get(0).fix().contains("MsNKjF+XF0ete7pKTpaP/w=="), errors.get(0).fix());
  }

  @Test
  void rejectsReplaceAnchorThatIsNoAnchorAtAll() {
    List<Diagnostic> errors = errors(VALID.replace(".com }\n", ".com, replaceAnchor: abc== }\n"));

    assertEquals(List.of("9:63 links[0].replaceAnchor"), where(errors));
    assertTrue(errors.get(0).message().contains("is not an ImmutableId"));
  }

  @Test
  void rejectsNegativeMaxDeletes() {
    List<Diagnostic> errors = errors(VALID + "policy: { maxDeletes: -3 }\n");

    assertEquals(List.of("10:23 policy.maxDeletes"), where(errors));
    assertTrue(errors.get(0).fix().contains("at least 0"));
  }

  @Test
  void rejectsAnotherVersion() {
    List<Diagnostic> errors = errors(VALID.replace("version: 1", "version: 2"));

    assertEquals(List.of("1:10 version"), where(errors));
    assertTrue(errors.get(0).message().contains("version 2 is not supported"));
  }

  @Test
  void suggestsTheKeyMeantAndListsTheKeysAllowed() {
    Diagnostic d = errors(VALID.replace("  baseDn:", "  baseDN:")).get(1);

    assertEquals("6:3", d.line() + ":" + d.column());
    assertEquals("unknown key 'baseDN'", d.message());
    assertTrue(d.fix().startsWith("did you mean 'baseDn'?"), d.fix());
    assertTrue(
        d.fix().endsWith("keys allowed here: url, startTls, caFile, baseDn, bind, sourceAnchor"),
        d.fix());
  }

  @Test
  void reportsEveryDuplicateKey() {
    List<Diagnostic> errors =
        errors(
            VALID
                .replace("version: 1\n", "version: 1\nversion: 1\n")
                .replace("  - { sam: johns,", "  - { sam: johns, sam: jsmith,"));

    assertEquals(List.of("2:1 version", "10:19 links[0].sam"), where(errors));
    assertTrue(errors.get(1).message().contains("already set on line 10"));
  }

  @Test
  void namesTheLineOfTheFirstByteThatIsNotUtf8() {
    byte[] bytes =
        (VALID + "  # Andr\u00e9\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    List<Diagnostic> errors = errors(bytes);

    assertEquals(List.of("10:9 null"), where(errors));
    assertTrue(errors.get(0).message().contains("byte 0xE9 is not valid UTF-8"));
  }

  @Test
  void refusesAHugeFileBeforeParsingIt() {
    byte[] huge = new byte[(int) LinksLoader.MAX_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) '#');

    List<Diagnostic> errors = errors(huge);

    assertEquals(1, errors.size());
    assertTrue(errors.get(0).message().contains("up to 32 MiB"), errors.get(0).message());
  }

  @Test
  void stopsAliasBombsWithTheirLocation() {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      String prev = "*" + (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [");
      bomb.append(String.join(", ", java.util.Collections.nCopies(10, prev))).append("]\n");
    }

    List<Diagnostic> errors = errors(bomb.toString());

    // d = 1 + 10 × 1,111 values: its 8th alias (column 36) crosses 10,000.
    assertEquals(List.of("4:36 null"), where(errors));
    assertTrue(errors.get(0).message().contains("aliases expand"));
  }

  // --- everything at once -----------------------------------------------------------------

  @Test
  void reportsEveryMistakeOfAFileAtOnceInFileOrder() {
    String yaml =
        String.join(
            "\n",
            "version: 1",
            "tenant:",
            "  id: not-a-guid", // 3:7
            "  graph: http://graph.microsoft.com/v1.0", // 4:10
            "directory:",
            "  url: ldap://dc01.corp.example.com", // 6:8
            "  baseDn: DC=corp,DC=example,DC=com",
            "  bind: { user: svc, passwordEnv: PW, passwrod: x }", // 8:39
            "  sourceAnchor: objectguid", // 9:17
            "policy:",
            "  deleteDuplicates: yes please", // 11:21
            "  maxDeletes: -1", // 12:15
            "links:",
            "  - { sam: johns, upn: john.smith@contoso.com }",
            "  - { sam: JOHNS, upn: jsmith@contoso.com }", // 15:12
            "  - { sam: a/b, upn: nobody }", // 16:12 16:22
            "  - { upn: x@contoso.com, adUpn: always }", // 17:5 17:34
            "  - { sam: this-name-is-far-too-long, upn: x@contoso.com }", // 18:12 18:44
            "");

    List<Diagnostic> errors = errors(yaml);

    assertEquals(
        List.of(
            "3:7 tenant.id",
            "4:10 tenant.graph",
            "6:8 directory.url",
            "8:39 directory.bind.passwrod",
            "9:17 directory.sourceAnchor",
            "11:21 policy.deleteDuplicates",
            "12:15 policy.maxDeletes",
            "15:12 links[1].sam",
            "16:12 links[2].sam",
            "16:22 links[2].upn",
            "17:5 links[3].sam",
            "17:34 links[3].adUpn",
            "18:12 links[4].sam",
            "18:44 links[4].upn"),
        where(errors));
    for (Diagnostic d : errors) {
      assertEquals("links.yaml", d.file());
      assertFalse(d.message().isBlank());
      assertFalse(d.fix() == null || d.fix().isBlank(), d.toString());
      assertTrue(d.excerpt().endsWith("^"), d.toString());
    }
    assertTrue(
        HardmatchException.invalidInput(errors).getMessage().startsWith("14 errors"),
        "summary message");
  }

  // --- helpers ----------------------------------------------------------------------------

  private static LinksFile parse(String yaml) {
    return LinksLoader.parse(yaml.getBytes(UTF_8), Path.of("links.yaml"), "links.yaml");
  }

  private static List<Diagnostic> errors(String yaml) {
    return errors(yaml.getBytes(UTF_8));
  }

  private static List<Diagnostic> errors(byte[] bytes) {
    HardmatchException e =
        assertThrows(
            HardmatchException.class,
            () -> LinksLoader.parse(bytes, Path.of("links.yaml"), "links.yaml"));
    assertEquals(HardmatchException.Code.INVALID_INPUT, e.code());
    assertEquals(65, e.exitCode());
    return e.diagnostics();
  }

  /** "line:column field" of each diagnostic, the way a user reads them. */
  private static List<String> where(List<Diagnostic> errors) {
    return errors.stream()
        .map(d -> d.line() + ":" + d.column() + " " + d.field())
        .collect(Collectors.toList());
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = LinksLoaderTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
