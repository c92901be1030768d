package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PlanFile;
import dev.hardmatch.sandbox.Generator;
import dev.hardmatch.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hardmatch plan} as a user runs it, against the sandbox (embedded AD + emulator). */
class PlanEndToEndTest {
  static final String PASSWORD_ENV = "HARDMATCH_LDAP_PASSWORD";
  static final String PASSWORD = "Sandbox-Pa55word-e2e-7431";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Sandbox sandbox;
  Map<String, String> env;

  @BeforeEach
  void start() {
    sandbox = Sandbox.startDemo(Sandbox.Options.defaults().withCredentials(null, PASSWORD));
    env = new HashMap<>();
    env.put(PASSWORD_ENV, PASSWORD);
    env.put("HARDMATCH_GRAPH_TOKEN", sandbox.connection().token());
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private Path links(String policyAndLinks) throws Exception {
    Path f = dir.resolve("links.yaml");
    Files.writeString(f, sandbox.linksHeader(PASSWORD_ENV) + policyAndLinks);
    return f;
  }

  private static final String POLICY =
      "policy: { deleteDuplicates: true, purgeDeleted: true, maxDeletes: 5 }\n";

  // A plan is only a read: the tenant and AD are byte-identical afterwards.
  @Test
  void planChangesNothingAndWritesADeterministicPlan() throws Exception {
    links(
        POLICY
            + "links:\n"
            + "  - { sam: johns, upn: john.smith@contoso.com }\n"
            + "  - { sam: peterp, upn: peter.parker@contoso.com }\n"
            + "  - { sam: tomh, upn: tom.hill@contoso.com }\n");
    String tenantBefore = sandbox.tenant().state().toJson();
    String adBefore = sandbox.directory().dump();

    CliResult first = CliResult.run(env, dir, "plan", "links.yaml", "-o", "one.plan.json");
    assertEquals(0, first.exit(), first.toString());
    assertTrue(
        first.out().contains("Plan: 1 to delete, 2 to purge, 2 to link, 1 unchanged."),
        first.out());
    CliResult second = CliResult.run(env, dir, "plan", "links.yaml", "-o", "two.plan.json");
    assertEquals(0, second.exit(), second.toString());

    assertEquals(tenantBefore, sandbox.tenant().state().toJson());
    assertEquals(adBefore, sandbox.directory().dump());
    assertEquals(
        withoutCreatedAt(Files.readString(dir.resolve("one.plan.json"))),
        withoutCreatedAt(Files.readString(dir.resolve("two.plan.json"))));
    JsonNode plan = JSON.readTree(dir.resolve("one.plan.json").toFile());
    assertEquals("links.yaml", plan.path("source").path("path").asText());
    assertEquals(sandbox.connection().tenantId(), plan.path("tenant").path("id").asText());
    assertFalse(first.all().contains(PASSWORD));
    assertFalse(Files.readString(dir.resolve("one.plan.json")).contains(PASSWORD));
  }

  // --detailed-exitcode: 2 with changes, 0 without, 1 on problems.
  @Test
  void detailedExitCodeTellsChangesFromNoChangesFromProblems() throws Exception {
    links(POLICY + "links:\n  - { sam: johns, upn: john.smith@contoso.com }\n");
    assertEquals(2, CliResult.run(env, dir, "plan", "links.yaml", "--detailed-exitcode").exit());
    links(POLICY + "links:\n  - { sam: tomh, upn: tom.hill@contoso.com }\n");
    CliResult none = CliResult.run(env, dir, "plan", "links.yaml", "--detailed-exitcode");
    assertEquals(0, none.exit(), none.toString());
    assertTrue(none.out().contains("No changes."), none.out());
    links(POLICY + "links:\n  - { sam: nobody, upn: john.smith@contoso.com }\n");
    assertEquals(1, CliResult.run(env, dir, "plan", "links.yaml", "--detailed-exitcode").exit());
  }

  // Problems: every one listed with its code, no plan file written.
  @Test
  void problemsAreAllListedAndNoPlanIsWritten() throws Exception {
    links(
        "links:\n"
            + "  - { sam: johns, upn: john.smith@contoso.com }\n"
            + "  - { sam: bobadm, upn: bob.admin@contoso.com }\n"
            + "  - { sam: ghost, upn: kevin.lee@contoso.com }\n");
    CliResult r =
        CliResult.run(env, dir, "plan", "links.yaml", "-o", "p.plan.json", "--format", "json");
    assertEquals(1, r.exit(), r.toString());
    assertFalse(Files.exists(dir.resolve("p.plan.json")));
    JsonNode problems = JSON.readTree(r.out()).path("problems");
    assertEquals(3, problems.size(), r.out());
    assertEquals("DUPLICATES_DISABLED", problems.get(0).path("code").asText());
    assertEquals("TARGET_PRIVILEGED", problems.get(1).path("code").asText());
    assertEquals("AD_USER_NOT_FOUND", problems.get(2).path("code").asText());
    assertEquals("ghost", problems.get(2).path("sam").asText());
  }

  // A bad links file never reaches the network.
  @Test
  void invalidLinksFileExits65BeforeAnyRequest() throws Exception {
    Files.writeString(
        dir.resolve("links.yaml"),
        sandbox.linksHeader(PASSWORD_ENV) + "links:\n  - { sam: 'a/b', upn: nope }\n");
    long before = sandbox.tenant().stats().httpRequests();
    CliResult r = CliResult.run(env, dir, "plan", "links.yaml");
    assertEquals(65, r.exit(), r.toString());
    assertTrue(r.err().contains("links.yaml:"), r.err());
    assertFalse(r.all().contains("\tat "), r.err());
    assertEquals(before, sandbox.tenant().stats().httpRequests());
    assertTrue(sandbox.directory().receivedFilters().isEmpty());
  }

  // The tenant the credentials reach must be the one the file names.
  @Test
  void refusesToPlanAgainstAnotherTenant() throws Exception {
    Files.writeString(
        dir.resolve("links.yaml"),
        sandbox
                .linksHeader(PASSWORD_ENV)
                .replace(sandbox.connection().tenantId(), "11111111-2222-4333-8444-555555555555")
            + "links:\n  - { sam: johns, upn: john.smith@contoso.com }\n");
    CliResult r = CliResult.run(env, dir, "plan", "links.yaml");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("WRONG_TENANT"), r.err());
  }

  // Values that are legal but special in LDAP filters and OData reach the servers escaped.
  @Test
  void specialCharactersReachTheServersEscaped() throws Exception {
    sandbox.close();
    Files.writeString(
        dir.resolve("ad.ldif"),
        Sandbox.demoResource("ad.ldif")
            + "\ndn: CN=Dan O'Neil,OU=Staff,DC=corp,DC=contoso,DC=com\nobjectClass: top\n"
            + "objectClass: person\nobjectClass: organizationalPerson\nobjectClass: user\n"
            + "cn: Dan O'Neil\nsAMAccountName: dan(x)\nuserPrincipalName: dan.o'neil@contoso.com\n"
            + "objectGUID:: ESIzRFVmd4iZqrvM3e7/AA==\n");
    JsonNode tenant = JSON.readTree(Sandbox.demoResource("tenant.json"));
    ((com.fasterxml.jackson.databind.node.ArrayNode) tenant.path("users"))
        .addObject()
        .put("id", "0000aaaa-0000-4000-8000-00000000d0d0")
        .put("userPrincipalName", "dan.o'neil@contoso.com")
        .put("displayName", "Dan O'Neil")
        .put("accountEnabled", true);
    Files.writeString(dir.resolve("tenant.json"), JSON.writeValueAsString(tenant));
    sandbox =
        Sandbox.start(
            dir.resolve("ad.ldif"),
            dir.resolve("tenant.json"),
            Sandbox.Options.defaults().withCredentials(null, PASSWORD));
    env.put("HARDMATCH_GRAPH_TOKEN", sandbox.connection().token());
    links("links:\n  - { sam: \"dan(x)\", upn: \"dan.o'neil@contoso.com\" }\n");

    CliResult r = CliResult.run(env, dir, "plan", "links.yaml");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("Plan: 0 to delete, 0 to purge, 1 to link"), r.out());
    assertTrue(
        sandbox.directory().receivedFilters().stream().anyMatch(f -> f.contains("dan\\28x\\29")),
        sandbox.directory().receivedFilters().toString());
    assertTrue(
        sandbox.tenant().receivedRequests().stream()
            .anyMatch(q -> q.url().contains("'dan.o''neil@contoso.com'")));
  }

  // Bulk, not per link: 1,000 links cost a bounded number of requests (docs/performance.md).
  @Test
  void planningAThousandLinksIsBulk() throws Exception {
    sandbox.close();
    Path org = dir.resolve("org");
    Generator.generate(new Generator.Options(1500, 1000, 0.3, 0.2, 7, org, 0, 0, null));
    sandbox =
        Sandbox.start(
            org.resolve("ad.ldif"),
            org.resolve("tenant.json"),
            Sandbox.Options.defaults().withCredentials(null, PASSWORD));
    env.put("HARDMATCH_GRAPH_TOKEN", sandbox.connection().token());
    String generated = Files.readString(org.resolve("links.yaml"), StandardCharsets.UTF_8);
    String body = generated.substring(generated.indexOf("policy:"));
    links(body);

    CliResult r = CliResult.run(env, dir, "plan", "links.yaml", "--format", "json");
    assertEquals(0, r.exit(), r.err());
    Plan planned = PlanFile.parse("stdout", r.out().getBytes(StandardCharsets.UTF_8));
    assertEquals(1000, planned.summary().setImmutableId());
    assertTrue(planned.summary().deleteUser() > 150, planned.summary().toString());
    long graph = sandbox.tenant().stats().httpRequests();
    int ldap = sandbox.directory().receivedFilters().size();
    assertTrue(graph <= 40, "Graph HTTP requests: " + graph);
    assertTrue(ldap <= 20, "LDAP searches: " + ldap);
  }

  /** The plan without createdAt and the digest, which covers createdAt. */
  private static String withoutCreatedAt(String plan) {
    String noDate = plan.replaceFirst("\"createdAt\":\"[^\"]+\",\n", "");
    assertTrue(noDate.length() < plan.length(), "no createdAt in " + plan);
    String stripped = noDate.replaceFirst("\"digest\":\"sha256:[0-9a-f]{64}\",\n", "");
    assertTrue(stripped.length() < noDate.length(), "no digest in " + plan);
    return stripped;
  }
}
