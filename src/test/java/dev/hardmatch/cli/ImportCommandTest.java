package dev.hardmatch.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hardmatch import CSV --into FILE} as an admin with a spreadsheet runs it. */
class ImportCommandTest {
  static final String HEADER =
      "# Contoso links, reviewed by the identity team\n"
          + "version: 1\n"
          + "tenant:\n"
          + "  id: 7d1a2c3e-0000-4000-8000-000000000001\n"
          + "directory:\n"
          + "  url: ldaps://dc01.corp.example.com\n"
          + "  baseDn: DC=corp,DC=example,DC=com\n"
          + "  bind: { user: svc@corp.example.com, passwordEnv: HARDMATCH_LDAP_PASSWORD }\n";

  @TempDir Path dir;
  String stdout;
  String stderr;

  int run(String... args) {
    CliResult r = CliResult.run(Map.of(), dir, args);
    stdout = r.out();
    stderr = r.err();
    return r.exit();
  }

  void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text, UTF_8);
  }

  String read(String name) throws IOException {
    return Files.readString(dir.resolve(name), UTF_8);
  }

  @Test
  void addsTheRowsToAnEmptyLinksFileWhichThenValidates() throws IOException {
    write("links.yaml", HEADER + "links: []   # filled by import\n");
    write("people.csv", "sam,upn\njohns,john.smith@contoso.com\nmaryk,mary.king@contoso.com\n");

    assertEquals(0, run("import", "people.csv", "--into", "links.yaml"), stderr);
    assertEquals(
        "links.yaml: added 2 links from people.csv (2 in all). Next: hardmatch validate"
            + " links.yaml, then hardmatch plan links.yaml\n",
        stdout);
    assertEquals(
        HEADER
            + "links:   # filled by import\n"
            + "  - { sam: johns, upn: john.smith@contoso.com }\n"
            + "  - { sam: maryk, upn: mary.king@contoso.com }\n",
        read("links.yaml"));
    assertEquals(0, run("validate", "links.yaml"), stderr);
    assertEquals("links.yaml: valid — 2 links\n", stdout);
  }

  @Test
  void readsExcelsSemicolonsCrLfAndByteOrderMarkAndKeepsTheFilesComments() throws IOException {
    String links =
        HEADER
            + "links:\n  # first wave\n  - { sam: johns, upn: john.smith@contoso.com }\n"
            + "# end of links\npolicy:\n  maxDeletes: 5\n";
    write("links.yaml", links);
    write(
        "people.csv",
        "\uFEFFUPN;SAM;adUpn\r\nlisa.ray@contoso.com;lisar;Match\r\n\r\n;;\r\n"
            + "\"o'neil@contoso.com\";\"o'neil\";\r\n");

    assertEquals(0, run("import", "people.csv", "--into", "links.yaml"), stderr);
    assertEquals(
        HEADER
            + "links:\n  # first wave\n  - { sam: johns, upn: john.smith@contoso.com }\n"
            + "  - { sam: lisar, upn: lisa.ray@contoso.com, adUpn: match }\n"
            + "  - { sam: o'neil, upn: o'neil@contoso.com }\n"
            + "# end of links\npolicy:\n  maxDeletes: 5\n",
        read("links.yaml"));
    assertEquals(0, run("validate", "links.yaml"), stderr);
  }

  @Test
  void ignoresTheReviewColumnsDiscoverWrites() throws IOException {
    write("links.yaml", HEADER + "links: []\n");
    write(
        "proposed.csv",
        "sam,upn,adUpn,confidence,evidence,duplicate\r\n"
            + "johns,john.smith@contoso.com,,high,\"upn: john.smith@contoso.com = cloud"
            + " userPrincipalName | duplicate: x, y\",john.smith4821@contoso.onmicrosoft.com\r\n");

    assertEquals(0, run("import", "proposed.csv", "--into", "links.yaml"), stderr);
    assertTrue(read("links.yaml").endsWith("  - { sam: johns, upn: john.smith@contoso.com }\n"));
  }

  /** Runs a failing import and checks exit 65, the one-line errors and that nothing changed. */
  void refused(String links, String csv, List<String> errors) throws IOException {
    write("links.yaml", links);
    write("people.csv", csv);
    byte[] before = Files.readAllBytes(dir.resolve("links.yaml"));

    assertEquals(65, run("import", "people.csv", "--into", "links.yaml"), stderr);

    assertArrayEquals(before, Files.readAllBytes(dir.resolve("links.yaml")), "nothing written");
    assertEquals(List.of(dir.resolve("links.yaml"), dir.resolve("people.csv")), files());
    for (String e : errors) {
      assertTrue(stderr.contains(e), "expected «" + e + "» in:\n" + stderr);
    }
    assertEquals("", stdout);
    assertTrue(!stderr.contains("\tat "), "no stack trace");
  }

  List<Path> files() throws IOException {
    try (var s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  @Test
  void refusesDuplicatesWithinTheCsv() throws IOException {
    refused(
        HEADER + "links: []\n",
        "sam,upn\njohns,john.smith@contoso.com\nJOHNS,other@contoso.com\nmaryk,John.Smith@contoso.com\n",
        List.of(
            "people.csv:3: sam: 'JOHNS' is also on line 2 (compared ignoring case) — keep one",
            "people.csv:4: upn: 'John.Smith@contoso.com' is also on line 2",
            "2 errors"));
  }

  @Test
  void refusesRowsAlreadyLinkedInTheFile() throws IOException {
    refused(
        HEADER + "links:\n  - { sam: johns, upn: john.smith@contoso.com }\n",
        "sam,upn\njohns,jsmith@contoso.com\n",
        List.of("people.csv:2: sam: 'johns' is already linked in links.yaml:10"));
  }

  @Test
  void refusesMalformedRows() throws IOException {
    refused(
        HEADER + "links: []\n",
        "sam,upn,adUpn\njohns,john.smith@contoso.com\n,mary.king@contoso.com,\n"
            + "peterp,peter.parker@contoso.com,always\n\"lisar,lisa.ray@contoso.com,\n",
        List.of(
            "people.csv:2: the row has 2 fields, the header 3",
            "people.csv:3: sam: is empty — give a value, or delete the row",
            "people.csv:4: adUpn: 'always' is not a valid value — allowed: match, keep, or empty",
            "people.csv:5: a quote opened on this line is never closed"));
  }

  @Test
  void refusesValuesALinksFileWouldRefuseNamingTheCsvLine() throws IOException {
    refused(
        HEADER + "links: []\n",
        "sam,upn\njohns,john.smith@contoso.com\ncorp\\maryk,mary.king\n",
        List.of(
            "people.csv:3: sam: 'corp\\maryk' contains '\\', which AD does not allow",
            "people.csv:3: upn: 'mary.king' is not a valid user principal name: it has no '@'",
            "corp\\maryk,mary.king\n"));
  }

  @Test
  void refusesAFileWithoutHeader() throws IOException {
    refused(
        HEADER + "links: []\n",
        "johns,john.smith@contoso.com\n",
        List.of("people.csv:1: the first line is not a header", "insert the header line"));
  }

  @Test
  void refusesAHeaderWithoutUpnOrWithUnknownColumns() throws IOException {
    refused(
        HEADER + "links: []\n",
        "sam,mail\njohns,x@contoso.com\n",
        List.of("people.csv:1: unknown column 'mail'"));
    refused(
        HEADER + "links: []\n",
        "sam\njohns\n",
        List.of("people.csv:1: the header has no 'upn' column"));
  }

  @Test
  void refusesAnEmptyCsvAndOneWithOnlyAHeader() throws IOException {
    refused(HEADER + "links: []\n", "", List.of("people.csv:1: the file is empty"));
    refused(
        HEADER + "links: []\n",
        "sam,upn\r\n",
        List.of("people.csv:1: the CSV has a header but no rows"));
  }

  @Test
  void refusesACsvThatIsNotUtf8() throws IOException {
    write("links.yaml", HEADER + "links: []\n");
    Files.write(
        dir.resolve("people.csv"),
        "sam,upn\njohns,john.smith@contoso.com\nmüller,mueller@contoso.com\n"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertEquals(65, run("import", "people.csv", "--into", "links.yaml"));
    assertTrue(stderr.contains("people.csv:3: the file is not UTF-8"), stderr);
    assertEquals(HEADER + "links: []\n", read("links.yaml"));
  }

  @Test
  void refusesAnInvalidLinksFileWithItsOwnErrors() throws IOException {
    refused(
        HEADER.replace("ldaps://dc01", "ftp://dc01") + "links: []\n",
        "sam,upn\njohns,john.smith@contoso.com\n",
        List.of("links.yaml:6:8: directory.url:"));
  }

  @Test
  void aMissingCsvIsOneLine() throws IOException {
    write("links.yaml", HEADER + "links: []\n");
    assertEquals(65, run("import", "nope.csv", "--into", "links.yaml"));
    assertEquals(
        "nope.csv: file not found — check the path; it is relative to the current folder\n"
            + "1 error\n",
        stderr);
  }
}
