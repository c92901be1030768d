package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardmatch.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hardmatch discover} and {@code import} on the demo organisation, through the CLI. */
class DiscoverDemoTest {
  static final String PASSWORD_ENV = "HARDMATCH_LDAP_PASSWORD";
  static final String PASSWORD = "Sandbox-Pa55word-discover-5520";

  /** The demo's own policy (Mary's duplicate holds a license and was checked). */
  static final String POLICY =
      "policy: { deleteDuplicates: true, purgeDeleted: true, maxDeletes: 5,"
          + " allowLicensedDeletes: true }\n";

  /** The links the demo makes (DemoCommand): every person but the admin and the service. */
  static final List<String> INTENDED =
      List.of(
          "- { sam: annaw, upn: anna.white@contoso.com }",
          "- { sam: davidb, upn: david.brown@contoso.com }",
          "- { sam: emmaj, upn: emma.jones@contoso.com }",
          "- { sam: johns, upn: john.smith@contoso.com }",
          "- { sam: kevinl, upn: kevin.lee@contoso.com }",
          "- { sam: lisar, upn: lisa.ray@contoso.com, adUpn: match }",
          "- { sam: maryk, upn: mary.king@contoso.com }",
          "- { sam: peterp, upn: peter.parker@contoso.com }",
          "- { sam: sarahc, upn: sarah.connor@contoso.com }",
          "- { sam: tomh, upn: tom.hill@contoso.com }");

  @TempDir Path dir;
  Sandbox sandbox;
  Map<String, String> env;

  @BeforeEach
  void start() throws Exception {
    sandbox = Sandbox.startDemo(Sandbox.Options.defaults().withCredentials(null, PASSWORD));
    env = new HashMap<>();
    env.put(PASSWORD_ENV, PASSWORD);
    env.put("HARDMATCH_GRAPH_TOKEN", sandbox.connection().token());
    Files.writeString(
        dir.resolve("links.yaml"), sandbox.linksHeader(PASSWORD_ENV) + POLICY + "links: []\n");
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  static List<String> activeLinks(String yaml) {
    return yaml.lines().map(String::strip).filter(l -> l.startsWith("- {")).toList();
  }

  @Test
  void proposesExactlyTheDemosLinksAtHighAndTheFilePlansCleanly() throws Exception {
    String tenantBefore = sandbox.tenant().state().toJson();
    String adBefore = sandbox.directory().dump();

    CliResult r = CliResult.run(env, dir, "discover", "links.yaml", "-o", "proposed.yaml");

    assertEquals(0, r.exit(), r.toString());
    assertEquals("", r.out());
    String proposed = Files.readString(dir.resolve("proposed.yaml"));
    assertEquals(INTENDED, activeLinks(proposed), proposed);
    assertTrue(proposed.contains("  # - { sam: bobadm, upn: bob.admin@contoso.com }"), proposed);
    assertTrue(
        proposed.contains(
            "#   duplicate: john.smith4821@contoso.onmicrosoft.com holds this user's"
                + " onPremisesImmutableId"),
        proposed);
    assertTrue(r.err().contains("proposed: 10 high, 0 medium, 1 low; ambiguous: 0"), r.err());
    assertTrue(r.err().contains("no cloud account matches: 1 (svc-backup)"), r.err());
    assertTrue(
        r.err()
            .contains(
                "warning: sync will create a duplicate for 1 user (soft match blocked"
                    + " or impossible): bobadm"),
        r.err());
    assertFalse(r.all().contains(PASSWORD));
    assertEquals(tenantBefore, sandbox.tenant().state().toJson(), "discover only reads");
    assertEquals(adBefore, sandbox.directory().dump());

    CliResult valid = CliResult.run(env, dir, "validate", "proposed.yaml");
    assertEquals(0, valid.exit(), valid.toString());
    CliResult plan = CliResult.run(env, dir, "plan", "proposed.yaml", "--format", "json");
    assertEquals(0, plan.exit(), plan.toString());
    JsonNode json = new ObjectMapper().readTree(plan.out());
    assertEquals(10, json.path("links").size(), plan.out());
  }

  @Test
  void jsonListsEveryProposalAndCsvImportsIntoTheSameLinks() throws Exception {
    CliResult json = CliResult.run(env, dir, "discover", "links.yaml", "--format", "json");
    assertEquals(0, json.exit(), json.toString());
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertEquals(11, doc.path("proposals").size());
    assertEquals(1, doc.path("unmatched").path("ad").asInt());
    assertEquals(1, doc.path("unmatched").path("cloud").asInt()); // breakglass

    CliResult csv =
        CliResult.run(env, dir, "discover", "links.yaml", "--format", "csv", "-o", "p.csv");
    assertEquals(0, csv.exit(), csv.toString());
    CliResult imported = CliResult.run(env, dir, "import", "p.csv", "--into", "links.yaml");
    assertEquals(0, imported.exit(), imported.toString());
    assertEquals(INTENDED, activeLinks(Files.readString(dir.resolve("links.yaml"))));

    // Run again on the file that now has them: nothing new to propose, all kept.
    CliResult again = CliResult.run(env, dir, "discover", "links.yaml", "--format", "json");
    assertEquals(1, new ObjectMapper().readTree(again.out()).path("proposals").size());
    assertTrue(again.err().contains("kept: 10 links already in links.yaml"), again.err());
  }

  @Test
  void aBadLdapFilterIsAUsageErrorBeforeAnythingConnects() {
    CliResult r =
        CliResult.run(env, dir, "discover", "links.yaml", "--ldap-filter", "(department=Sales");
    assertEquals(64, r.exit(), r.toString());
    assertTrue(
        r.err().contains("--ldap-filter '(department=Sales' is not an LDAP filter"), r.err());
  }

  @Test
  void anLdapFilterNarrowsTheAdUsers() throws Exception {
    CliResult r =
        CliResult.run(
            env, dir, "discover", "links.yaml", "--format", "json", "--ldap-filter", "(sn=Smith)");
    assertEquals(0, r.exit(), r.toString());
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertEquals(1, doc.path("proposals").size());
    assertEquals("johns", doc.path("proposals").get(0).path("sam").asText());
  }
}
