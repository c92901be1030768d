package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardmatch.sandbox.ad.EmbeddedDirectory;
import dev.hardmatch.sandbox.graph.EmulatorOptions;
import dev.hardmatch.sandbox.graph.Permissions;
import dev.hardmatch.sandbox.graph.TenantEmulator;
import dev.hardmatch.sandbox.graph.TenantState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hardmatch doctor} end to end through the CLI, against the embedded AD (LDAPS with its CA
 * in the repository) and the tenant emulator with the token's permissions, a delegated sign-in, no
 * P2, the takeover flag, and an AD that hides mS-DS-ConsistencyGuid from the bind account.
 */
class DoctorCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD_ENV = "HARDMATCH_LDAP_PASSWORD";
  private static final String TAKEOVER_FLAG = "blockCloudObjectTakeoverThroughHardMatchEnabled";

  @TempDir Path dir;
  private EmbeddedDirectory ad;
  private TenantEmulator tenant;

  @AfterEach
  void stop() {
    if (tenant != null) {
      tenant.close();
    }
    if (ad != null) {
      ad.close();
    }
  }

  /** Starts both systems from src/test/resources/doctor and writes links.yaml for them. */
  private void start(
      UnaryOperator<EmbeddedDirectory.Options> adOptions,
      UnaryOperator<EmulatorOptions.Builder> graphOptions,
      String sourceAnchor)
      throws IOException {
    ad =
        EmbeddedDirectory.start(
            ApplySandbox.resource("/doctor/ad.ldif"),
            "doctor/ad.ldif",
            adOptions.apply(EmbeddedDirectory.Options.defaults().withLdaps(true)));
    TenantState state =
        TenantState.parse(ApplySandbox.resource("/doctor/tenant.json"), "doctor/tenant.json");
    tenant =
        TenantEmulator.start(
            state,
            graphOptions
                .apply(EmulatorOptions.builder().syncSource(ad.ldap(), ad.baseDn()))
                .build());
    Files.copy(ad.caFile(), dir.resolve("dc-ca.pem"));
    Files.writeString(
        dir.resolve("links.yaml"),
        "version: 1\n"
            + "tenant:\n"
            + "  id: "
            + state.tenantId()
            + "\n"
            + "  graph: "
            + tenant.graphUrl()
            + "\n"
            + "directory:\n"
            + "  url: "
            + ad.ldapsUrl()
            + "\n"
            + "  caFile: dc-ca.pem\n"
            + "  baseDn: \""
            + ad.baseDn()
            + "\"\n"
            + "  bind: { user: \""
            + ad.bindDn()
            + "\", passwordEnv: "
            + PASSWORD_ENV
            + " }\n"
            + "  sourceAnchor: "
            + sourceAnchor
            + "\n"
            + "links:\n"
            + "  - { sam: johns, upn: john.smith@contoso.com }\n"
            + "  - { sam: maryk, upn: mary.king@contoso.com }\n"
            + "  - { sam: peterp, upn: peter.parker@contoso.com }\n");
  }

  private void start(UnaryOperator<EmulatorOptions.Builder> graphOptions) throws IOException {
    start(o -> o, graphOptions, "auto");
  }

  private CliResult doctor(String... more) {
    Map<String, String> env = new HashMap<>();
    env.put("HARDMATCH_GRAPH_TOKEN", tenant.token());
    env.put(PASSWORD_ENV, ad.bindPassword());
    List<String> args = new ArrayList<>(List.of("doctor", "links.yaml"));
    args.addAll(List.of(more));
    return CliResult.run(env, dir, args.toArray(String[]::new));
  }

  /** name → check, from the JSON output. */
  private static Map<String, JsonNode> checks(CliResult run) throws IOException {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (JsonNode c : JSON.readTree(run.out()).get("checks")) {
      byName.put(c.get("name").asText(), c);
    }
    return byName;
  }

  private static String status(Map<String, JsonNode> checks, String name) {
    JsonNode c = checks.get(name);
    if (c == null) {
      throw new AssertionError("no check '" + name + "' in " + checks.keySet());
    }
    return c.get("status").asText();
  }

  private static List<String> failing(Map<String, JsonNode> checks) {
    return checks.values().stream()
        .filter(c -> c.get("status").asText().equals("fail"))
        .map(c -> c.get("name").asText())
        .toList();
  }

  // A delegated Global Administrator on a healthy tenant: nothing fails, nothing is written.
  @Test
  void aHealthySetupIsAllOkAndExitsZero() throws Exception {
    start(b -> b.delegated(true));
    String before = tenant.state().toJson();
    String adBefore = ad.dump();

    CliResult run = doctor("--format", "json");

    assertEquals(0, run.exit(), run.toString());
    Map<String, JsonNode> checks = checks(run);
    assertEquals(List.of(), failing(checks), run.out());
    for (String name :
        List.of(
            "links file",
            "ldap bind password",
            "ldap reachable",
            "ldap tls",
            "ldap bind",
            "ldap search",
            "ad attribute objectGUID",
            "ad attribute mS-DS-ConsistencyGuid",
            "ad attribute objectSid",
            "graph sign-in",
            "tenant id",
            "permission Organization.Read.All: GET /organization",
            "eligible roles (Entra ID P2)",
            "takeover window",
            "source anchor")) {
      assertEquals("ok", status(checks, name), name + " in " + run.out());
      assertTrue(checks.get(name).get("fix").isNull(), "an ok check has no fix: " + name);
    }
    assertTrue(
        checks.get("ldap tls").get("detail").asText().startsWith("LDAPS: certificate chain"),
        run.out());
    assertEquals(
        "2 of 2 sampled synced users matched by objectSid carry the anchor hardmatch computes"
            + " (sourceAnchor auto)",
        checks.get("source anchor").get("detail").asText());
    // The writes cannot be proved by a read: said so, not claimed.
    assertEquals("warn", status(checks, "permission User.ReadWrite.All"));
    assertTrue(
        checks
            .get("permission User.DeleteRestore.All")
            .get("detail")
            .asText()
            .contains("not checked without a write; apply probes each target before deleting"));
    assertFalse(run.all().contains(ad.bindPassword()), "the bind password is never printed");
    assertFalse(run.all().contains(tenant.token()), "the token is never printed");
    assertEquals(before, tenant.state().toJson(), "doctor writes nothing to the tenant");
    assertEquals(adBefore, ad.dump(), "doctor writes nothing to AD");
  }

  // The text form: one line per check with its status first, the fix on the same line.
  @Test
  void textIsOneLinePerCheck() throws Exception {
    start(b -> b.delegated(true));
    CliResult run = doctor();
    assertEquals(0, run.exit(), run.toString());
    String[] lines = run.out().split("\n");
    assertEquals(checks(doctor("--format", "json")).size() + 1, lines.length, run.out());
    assertTrue(lines[0].startsWith("ok    links file: valid: 3 links"), run.out());
    assertTrue(
        run.out()
            .contains(
                "warn  permission User.ReadWrite.All: not checked without a write; apply probes"
                    + " each target before deleting (apply sets onPremisesImmutableId) | fix:"),
        run.out());
    assertTrue(lines[lines.length - 1].matches("\\d+ ok, 2 warn, 0 fail"), run.out());
  }

  // The sandbox token without Organization.Read.All: that one check fails, the others pass.
  @Test
  void aMissingPermissionFailsItsCheck() throws Exception {
    List<String> granted = new ArrayList<>(Permissions.LEAST_PRIVILEGE);
    granted.remove("Organization.Read.All");
    start(b -> b.permissions(granted));

    CliResult run = doctor("--format", "json");

    assertEquals(1, run.exit(), run.toString());
    Map<String, JsonNode> checks = checks(run);
    String name = "permission Organization.Read.All: GET /organization";
    assertEquals(List.of(name), failing(checks), run.out());
    JsonNode org = checks.get(name);
    assertTrue(
        org.get("detail").asText().startsWith("refused (403 Authorization_RequestDenied)"),
        org.toString());
    assertTrue(
        org.get("fix")
            .asText()
            .contains(
                "grant the application permission Organization.Read.All to the app registration"),
        org.toString());
    assertTrue(org.get("fix").asText().contains("graph/api/organization-list"), org.toString());
    assertEquals("ok", status(checks, "permission User.Read.All: " + usersCall()));
  }

  private static String usersCall() {
    return dev.hardmatch.tenant.GraphCall.USERS.request();
  }

  // An application credential cannot read the takeover flag: unknown is a warning, not a failure.
  @Test
  void anApplicationCredentialLeavesTheTakeoverWindowUnknown() throws Exception {
    start(b -> b);
    CliResult run = doctor("--format", "json");
    assertEquals(0, run.exit(), run.toString());
    JsonNode takeover = checks(run).get("takeover window");
    assertEquals("warn", takeover.get("status").asText());
    assertTrue(
        takeover.get("detail").asText().startsWith("unknown: only a Global Administrator's"),
        takeover.toString());
    assertTrue(takeover.get("fix").asText().contains("--auth device-code"), takeover.toString());
  }

  // The flag on, read with a delegated sign-in: every hard match would be refused.
  @Test
  void aBlockedTakeoverFails() throws Exception {
    start(b -> b.delegated(true));
    tenant.state().setSyncFeature(TAKEOVER_FLAG, true);
    CliResult run = doctor("--format", "json");
    assertEquals(1, run.exit(), run.toString());
    Map<String, JsonNode> checks = checks(run);
    assertEquals(List.of("takeover window"), failing(checks), run.out());
    assertTrue(
        checks.get("takeover window").get("fix").asText().contains("hardmatch takeover open"),
        run.out());
  }

  // A tenant without Entra ID P2 answers 400 AadPremiumLicenseRequired: fine, none can exist.
  @Test
  void noP2IsOkWithTheNote() throws Exception {
    start(b -> b.delegated(true));
    tenant.state().entraIdP2(false);
    CliResult run = doctor("--format", "json");
    assertEquals(0, run.exit(), run.toString());
    JsonNode p2 = checks(run).get("eligible roles (Entra ID P2)");
    assertEquals("ok", p2.get("status").asText());
    assertEquals(
        "no P2: no eligibilities can exist (400 AadPremiumLicenseRequired)",
        p2.get("detail").asText());
  }

  // Without RoleEligibilitySchedule.Read.Directory or RoleManagement.Read.Directory: a warning.
  @Test
  void eligibilitiesRefusedAreAWarning() throws Exception {
    start(b -> b.forbidEligibilities(true));
    CliResult run = doctor("--format", "json");
    JsonNode p2 = checks(run).get("eligible roles (Entra ID P2)");
    assertEquals("warn", p2.get("status").asText(), run.out());
    assertTrue(p2.get("fix").asText().contains("RoleEligibilitySchedule.Read.Directory"));
  }

  // The bind account cannot read mS-DS-ConsistencyGuid: sourceAnchor auto silently computes the
  // anchor from objectGUID, and Connect's duplicates say it is not the one Connect uses.
  @Test
  void anUnreadableConsistencyGuidShowsAsAnchorDisagreement() throws Exception {
    start(
        o -> o.withHiddenAttributes(List.of("mS-DS-ConsistencyGuid")),
        b -> b.delegated(true),
        "auto");

    CliResult run = doctor("--format", "json");

    assertEquals(1, run.exit(), run.toString());
    Map<String, JsonNode> checks = checks(run);
    assertEquals(List.of("source anchor"), failing(checks), run.out());
    JsonNode anchor = checks.get("source anchor");
    assertTrue(
        anchor
            .get("detail")
            .asText()
            .startsWith(
                "2 of 2 synced users matched by objectSid carry another anchor than hardmatch"
                    + " computes (sourceAnchor auto): john.smith1234@contoso.onmicrosoft.com has"
                    + " onPremisesImmutableId wQAAAKqqu0uMzAAAAAAAwQ==, hardmatch computes"
                    + " EQAAAKqqu0uMzAAAAAAAAQ== from objectGUID of johns"),
        anchor.toString());
    assertTrue(
        anchor
            .get("fix")
            .asText()
            .contains("Grant the bind account Read Property on" + " mS-DS-ConsistencyGuid"),
        anchor.toString());
    JsonNode attribute = checks.get("ad attribute mS-DS-ConsistencyGuid");
    assertEquals("warn", attribute.get("status").asText());
    assertTrue(
        attribute.get("detail").asText().contains("is in no default property set"),
        attribute.toString());
  }

  // Connect anchors on mS-DS-ConsistencyGuid but the links file says objectGUID.
  @Test
  void aSourceAnchorOtherThanConnectsFails() throws Exception {
    start(o -> o, b -> b.delegated(true), "objectGUID");
    CliResult run = doctor("--format", "json");
    assertEquals(1, run.exit(), run.toString());
    JsonNode anchor = checks(run).get("source anchor");
    assertEquals("fail", anchor.get("status").asText());
    assertEquals(
        "Entra Connect anchors on mS-DS-ConsistencyGuid: set directory.sourceAnchor:"
            + " consistencyGuid",
        anchor.get("fix").asText());
  }

  // A CA that did not sign the DC's certificate: TLS fails, bind and reads are not attempted.
  @Test
  void anUntrustedCertificateFailsTls() throws Exception {
    start(b -> b.delegated(true));
    try (EmbeddedDirectory other =
        EmbeddedDirectory.start(
            ApplySandbox.resource("/doctor/ad.ldif"),
            "other",
            EmbeddedDirectory.Options.defaults().withLdaps(true))) {
      Files.copy(
          other.caFile(),
          dir.resolve("dc-ca.pem"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    CliResult run = doctor("--format", "json");
    assertEquals(1, run.exit(), run.toString());
    Map<String, JsonNode> checks = checks(run);
    assertEquals("ok", status(checks, "ldap reachable"));
    assertEquals("fail", status(checks, "ldap tls"));
    assertEquals("warn", status(checks, "ldap bind"));
    assertTrue(checks.get("ldap bind").get("detail").asText().startsWith("not checked"));
  }

  // Nothing listens: reachable fails with the fix; Graph is still checked.
  @Test
  void anUnreachableDirectoryFailsReachable() throws Exception {
    start(b -> b.delegated(true));
    ad.close();
    CliResult run = doctor("--format", "json");
    ad = null;
    assertEquals(1, run.exit(), run.toString());
    Map<String, JsonNode> checks = checks(run);
    assertEquals("fail", status(checks, "ldap reachable"));
    assertTrue(checks.get("ldap reachable").get("detail").asText().contains("refused"), run.out());
    assertEquals("ok", status(checks, "permission Organization.Read.All: GET /organization"));
  }

  // Bad input is refused as by every command: exit 65, the file and line, nothing contacted.
  @Test
  void anInvalidLinksFileExits65() throws Exception {
    start(b -> b.delegated(true));
    Files.writeString(dir.resolve("links.yaml"), "version: 1\nlinks: []\n");
    tenant.clearReceivedRequests();
    CliResult run = doctor();
    assertEquals(65, run.exit(), run.toString());
    assertTrue(run.err().contains("links.yaml:"), run.toString());
    assertEquals("", run.out());
    assertEquals(List.of(), tenant.receivedRequests(), "nothing was sent to Graph");
    assertEquals(0, ad.searchCount(), "nothing was searched in AD");
  }
}
