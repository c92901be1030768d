package dev.hardmatch.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Links added to a file's text keep everything else of it, in every shape a links list takes. */
class LinksEditorTest {
  static final String HEADER =
      "# yaml-language-server: $schema=../schemas/links.schema.json\n"
          + "version: 1\n"
          + "tenant:\n"
          + "  id: 7d1a2c3e-0000-4000-8000-000000000001   # the tenant\n"
          + "directory:\n"
          + "  url: ldaps://dc01.corp.example.com\n"
          + "  baseDn: DC=corp,DC=example,DC=com\n"
          + "  bind: { user: svc@corp.example.com, passwordEnv: HARDMATCH_LDAP_PASSWORD }\n";

  static final List<LinksEditor.Entry> TWO =
      List.of(
          new LinksEditor.Entry(
              List.of("high · upn: mary.king@contoso.com"),
              "maryk",
              "mary.king@contoso.com",
              null,
              true),
          new LinksEditor.Entry(
              List.of("low · name: Lisa Ray", "second comment line"),
              "lisar",
              "lisa.ray@contoso.com",
              "match",
              false));

  static LinksFile parse(String text) {
    return LinksLoader.parse(
        text.getBytes(StandardCharsets.UTF_8), Path.of("links.yaml"), "links.yaml");
  }

  static List<String> sams(LinksFile f) {
    return f.links().stream().map(LinksFile.Link::sam).toList();
  }

  static String line(String text, int n) {
    return text.split("\r?\n", -1)[n - 1];
  }

  @Test
  void appendsAfterTheLastLinkOfABlockListKeepingComments() {
    String text =
        HEADER
            + "links:\n"
            + "  # the first batch\n"
            + "  - { sam: johns, upn: john.smith@contoso.com }   # reviewed\n"
            + "  # trailing comment\n"
            + "policy:\n"
            + "  maxDeletes: 3\n";
    LinksEditor.Edit edit = LinksEditor.append(text, TWO);
    LinksFile f = parse(edit.text());
    assertEquals(List.of("johns", "maryk"), sams(f));
    assertEquals(3, f.policy().maxDeletes());
    assertTrue(edit.text().startsWith(HEADER + "links:\n  # the first batch\n"));
    assertTrue(
        edit.text()
            .contains(
                "   # reviewed\n"
                    + "  # high · upn: mary.king@contoso.com\n"
                    + "  - { sam: maryk, upn: mary.king@contoso.com }\n"
                    + "  # low · name: Lisa Ray\n"
                    + "  # second comment line\n"
                    + "  # - { sam: lisar, upn: lisa.ray@contoso.com, adUpn: match }\n"
                    + "  # trailing comment\n"
                    + "policy:\n"),
        edit.text());
    assertEquals(
        "  - { sam: maryk, upn: mary.king@contoso.com }", line(edit.text(), edit.lines().get(0)));
    assertEquals(
        "  # - { sam: lisar, upn: lisa.ray@contoso.com, adUpn: match }",
        line(edit.text(), edit.lines().get(1)));
    assertEquals(f.links().get(1).line(), edit.lines().get(0));
  }

  @Test
  void appendsAfterMultiLineMappingsAtTheListsIndent() {
    String text = HEADER + "links:\n- sam: johns\n  upn: john.smith@contoso.com\n  adUpn: keep\n";
    LinksEditor.Edit edit = LinksEditor.append(text, TWO);
    assertEquals(List.of("johns", "maryk"), sams(parse(edit.text())));
    assertTrue(
        edit.text()
            .endsWith(
                "  adUpn: keep\n# high · upn: mary.king@contoso.com\n"
                    + "- { sam: maryk, upn: mary.king@contoso.com }\n# low · name: Lisa Ray\n"
                    + "# second comment line\n# - { sam: lisar, upn: lisa.ray@contoso.com, adUpn: match }\n"),
        edit.text());
  }

  @Test
  void turnsAnEmptyListIntoABlockList() {
    String text = HEADER + "links: []   # none yet\npolicy: { maxDeletes: 2 }\n";
    LinksEditor.Edit edit = LinksEditor.append(text, TWO);
    LinksFile f = parse(edit.text());
    assertEquals(List.of("maryk"), sams(f));
    assertTrue(edit.text().contains("links:   # none yet\n  # high"), edit.text());
    assertTrue(edit.text().endsWith("adUpn: match }\npolicy: { maxDeletes: 2 }\n"), edit.text());
    assertEquals(f.links().get(0).line(), edit.lines().get(0));
  }

  @Test
  void addsToAFlowListBeforeItsBracket() {
    String text = HEADER + "links: [ { sam: johns, upn: john.smith@contoso.com } ]  # flow\n";
    LinksEditor.Edit edit = LinksEditor.append(text, TWO);
    LinksFile f = parse(edit.text());
    assertEquals(List.of("johns", "maryk"), sams(f));
    assertTrue(edit.text().endsWith(" ]  # flow\n"), edit.text());
    assertEquals(f.links().get(1).line(), edit.lines().get(0));
    assertEquals(
        "  # { sam: lisar, upn: lisa.ray@contoso.com, adUpn: match }",
        line(edit.text(), edit.lines().get(1)));
  }

  @Test
  void keepsCrLfAByteOrderMarkAndAMissingFinalNewline() {
    String text =
        "\uFEFF"
            + (HEADER + "links:\n  - { sam: johns, upn: john.smith@contoso.com }")
                .replace("\n", "\r\n");
    LinksEditor.Edit edit = LinksEditor.append(text, TWO);
    assertTrue(edit.text().startsWith("\uFEFF# yaml-language-server"));
    assertFalse(edit.text().replace("\r\n", "").contains("\n"), "only CRLF line breaks");
    assertEquals(List.of("johns", "maryk"), sams(parse(edit.text())));
    assertEquals(
        "  - { sam: maryk, upn: mary.king@contoso.com }", line(edit.text(), edit.lines().get(0)));
  }

  @Test
  void quotesValuesYamlWouldReadAsSomethingElse() {
    assertEquals("johns", LinksEditor.scalar("johns"));
    assertEquals("o'neil", LinksEditor.scalar("o'neil"));
    assertEquals("\"10042\"", LinksEditor.scalar("10042"));
    assertEquals("\"yes\"", LinksEditor.scalar("yes"));
    assertEquals("\"null\"", LinksEditor.scalar("null"));
    assertEquals("\"a b\"", LinksEditor.scalar("a b"));
    assertEquals("\"#x\"", LinksEditor.scalar("#x"));
    assertEquals("\"a\\\"b\\\\c\"", LinksEditor.scalar("a\"b\\c"));
    String text = HEADER + "links: []\n";
    LinksEditor.Edit edit =
        LinksEditor.append(
            text,
            List.of(new LinksEditor.Entry(List.of(), "10042", "true@contoso.com", null, true)));
    assertEquals("10042", parse(edit.text()).links().get(0).sam());
  }
}
