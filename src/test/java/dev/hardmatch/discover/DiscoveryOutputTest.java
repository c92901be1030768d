package dev.hardmatch.discover;

import static dev.hardmatch.discover.People.ad;
import static dev.hardmatch.discover.People.cloud;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardmatch.spec.LinksCsv;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.spec.LinksLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The three outputs of discover: a links file to review, JSON for tools, CSV for import. */
class DiscoveryOutputTest {
  static final String INPUT =
      "# Contoso: where to look\n"
          + "version: 1\n"
          + "tenant:\n"
          + "  id: 7d1a2c3e-0000-4000-8000-000000000001\n"
          + "directory:\n"
          + "  url: ldaps://dc01.corp.example.com\n"
          + "  baseDn: DC=corp,DC=example,DC=com\n"
          + "  bind: { user: svc@corp.example.com, passwordEnv: HARDMATCH_LDAP_PASSWORD }\n"
          + "policy:\n"
          + "  deleteDuplicates: true\n"
          + "links:\n"
          + "  - { sam: tomh, upn: tom.hill@contoso.com }   # done last week\n";

  /** High (with a duplicate), high (AD UPN differs), medium, low (privileged), ambiguous. */
  static Discovery organisation() {
    return MatcherTest.run(
        List.of(
            ad("tomh").upn("tom.hill@contoso.com"),
            ad("johns").upn("john.smith@contoso.com").anchor(MatcherTest.ANCHOR_J),
            ad("lisar").upn("lisa.ray@corp.contoso.com").mail("lisa.ray@contoso.com"),
            ad("kevinl").upn("kevinl@corp.local").name("Kevin", "Lee"),
            ad("bobadm").upn("bob.admin@contoso.com"),
            ad("emmaj").upn("emma@contoso.com").mail("emma.jones@contoso.com"),
            ad("svc-backup").upn("svc-backup@contoso.com")),
        List.of(
            cloud("tom.hill@contoso.com"),
            cloud("john.smith@contoso.com"),
            cloud("john.smith4821@contoso.onmicrosoft.com").syncedWith(MatcherTest.ANCHOR_J),
            cloud("lisa.ray@contoso.com"),
            cloud("kevin.lee@contoso.com").name("Kevin", "Lee"),
            cloud("bob.admin@contoso.com").privileged(),
            cloud("emma@contoso.com"),
            cloud("emma.jones@contoso.com"),
            cloud("breakglass@contoso.onmicrosoft.com")),
        List.of(new Matcher.Existing("tomh", "tom.hill@contoso.com")),
        false);
  }

  static LinksFile parse(String text) {
    return LinksLoader.parse(
        text.getBytes(StandardCharsets.UTF_8), Path.of("proposed.yaml"), "proposed.yaml");
  }

  @Test
  void yamlIsAValidLinksFileWithTheHighProposalsAndTheRestCommentedOut() {
    String yaml = DiscoveryOutput.yaml(INPUT, organisation(), Confidence.HIGH);
    LinksFile f = parse(yaml); // what validate runs: it passes unchanged
    List<String> links = new ArrayList<>();
    f.links().forEach(l -> links.add(l.sam() + " " + l.upn() + " " + l.adUpn()));
    assertEquals(
        List.of(
            "tomh tom.hill@contoso.com null",
            "johns john.smith@contoso.com null",
            "lisar lisa.ray@contoso.com MATCH"),
        links);
    assertTrue(f.policy().deleteDuplicates(), "the input's sections are kept");
    assertTrue(yaml.startsWith(INPUT), yaml);
    assertTrue(
        yaml.contains(
            "  # hardmatch discover: 2 proposed at confidence high; check each, then plan\n"
                + "  # high · upn: john.smith@contoso.com = cloud userPrincipalName\n"
                + "  #   duplicate: john.smith4821@contoso.onmicrosoft.com holds this user's"
                + " onPremisesImmutableId\n"
                + "  - { sam: johns, upn: john.smith@contoso.com }\n"),
        yaml);
    assertTrue(
        yaml.contains("  #   adUpn: the AD UPN is lisa.ray@corp.contoso.com; match sets it to"),
        yaml);
    assertTrue(yaml.contains("  # - { sam: bobadm, upn: bob.admin@contoso.com }\n"), yaml);
    assertTrue(yaml.contains("  # - { sam: kevinl, upn: kevin.lee@contoso.com, adUpn: match }\n"));
    // The ambiguous one: both candidates, commented out, the reviewer picks.
    assertTrue(
        yaml.contains(
            "  # - { sam: emmaj, upn: emma@contoso.com }\n"
                + "  #   or:\n"
                + "  # - { sam: emmaj, upn: emma.jones@contoso.com, adUpn: match }\n"),
        yaml);
  }

  @Test
  void yamlAtLowConfidenceLinksEveryProposalButKeepsAmbiguousOnesOneEach() {
    String yaml = DiscoveryOutput.yaml(INPUT, organisation(), Confidence.LOW);
    Set<String> sams = new TreeSet<>();
    parse(yaml).links().forEach(l -> sams.add(l.sam()));
    assertEquals(Set.of("bobadm", "emmaj", "johns", "kevinl", "lisar", "tomh"), sams);
  }

  @Test
  void jsonHasExactlyTheDocumentedShape() throws Exception {
    JsonNode doc = new ObjectMapper().readTree(DiscoveryOutput.json(organisation()));
    assertEquals(List.of("proposals", "ambiguous", "unmatched"), names(doc));
    JsonNode johns = doc.get("proposals").get(2);
    assertEquals("johns", johns.get("sam").asText());
    assertEquals(List.of("sam", "upn", "confidence", "evidence", "duplicate"), names(johns));
    assertEquals("high", johns.get("confidence").asText());
    assertEquals(List.of("id", "userPrincipalName"), names(johns.get("duplicate")));
    assertEquals(
        "john.smith4821@contoso.onmicrosoft.com",
        johns.get("duplicate").get("userPrincipalName").asText());
    assertTrue(doc.get("proposals").get(0).get("duplicate").isNull());
    assertEquals(5, doc.get("proposals").size(), "every proposal whatever its confidence");
    JsonNode ambiguous = doc.get("ambiguous").get(0);
    assertEquals(List.of("sam", "candidates", "reason"), names(ambiguous));
    assertEquals("emmaj", ambiguous.get("sam").asText());
    assertEquals(2, ambiguous.get("candidates").size());
    assertEquals(1, doc.get("unmatched").get("ad").asInt()); // svc-backup
    assertEquals(1, doc.get("unmatched").get("cloud").asInt()); // breakglass
  }

  @Test
  void csvIsWhatImportReads() {
    String csv = DiscoveryOutput.csv(organisation(), Confidence.MEDIUM);
    assertTrue(csv.startsWith("sam,upn,adUpn,confidence,evidence,duplicate\r\n"), csv);
    List<LinksCsv.Row> rows = LinksCsv.parse(csv.getBytes(StandardCharsets.UTF_8), "proposed.csv");
    List<String> read = rows.stream().map(r -> r.sam() + " " + r.upn() + " " + r.adUpn()).toList();
    assertEquals(
        List.of(
            "johns john.smith@contoso.com null",
            "kevinl kevin.lee@contoso.com match",
            "lisar lisa.ray@contoso.com match"),
        read);
    assertTrue(
        csv.contains(
            "johns,john.smith@contoso.com,,high,upn: john.smith@contoso.com = cloud"
                + " userPrincipalName | duplicate: john.smith4821@contoso.onmicrosoft.com holds"
                + " this user's onPremisesImmutableId,john.smith4821@contoso.onmicrosoft.com\r\n"),
        csv);
  }

  static List<String> names(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
