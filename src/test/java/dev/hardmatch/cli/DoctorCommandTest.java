package dev.hardmatch.cli;

import static dev.hardmatch.cli.DoctorSandbox.checks;
import static dev.hardmatch.cli.DoctorSandbox.failing;
import static dev.hardmatch.cli.DoctorSandbox.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hardmatch.sandbox.ad.EmbeddedDirectory;
import dev.hardmatch.sandbox.graph.EmulatorOptions;
import dev.hardmatch.sandbox.graph.Permissions;
import dev.hardmatch.tenant.GraphCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hardmatch doctor} end to end through the CLI ({@link DoctorSandbox}): the token's
 * permissions, a delegated sign-in, no P2, the takeover flag, and an AD that hides
 * mS-DS-ConsistencyGuid from the bind account.
 */
class DoctorCommandTest {
  private static final String TAKEOVER_FLAG = "blockCloudObjectTakeoverThroughHardMatchEnabled";

  @TempDir Path dir;
  private DoctorSandbox box;

  @AfterEach
  void stop() {
    if (box != null) {
      box.close();
    }
  }

  private void start(
      UnaryOperator<EmbeddedDirectory.Options> adOptions,
      UnaryOperator<EmulatorOptions.Builder> graphOptions,
      String sourceAnchor) {
    box = DoctorSandbox.start(dir, adOptions, graphOptions, sourceAnchor);
  }

  private void start(UnaryOperator<EmulatorOptions.Builder> graphOptions) {
    start(o -> o, graphOptions, "auto");
  }

  private CliResult doctor(String... more) {
    return box.doctor(more);
  }

  // A delegated Global Administrator on a healthy tenant: nothing fails, nothing is written.
  @Test
  void aHealthySetupIsAllOkAndExitsZero() throws Exception {
    start(b -> b.delegated(true));
    String before = box.tenant.state().toJson();
    String adBefore = box.ad.dump();

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
    assertFalse(run.all().contains(box.ad.bindPassword()), "the bind password is never printed");
    assertFalse(run.all().contains(box.tenant.token()), "the token is never printed");
    assertEquals(before, box.tenant.state().toJson(), "doctor writes nothing to the tenant");
    assertEquals(adBefore, box.ad.dump(), "doctor writes nothing to AD");
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
    return GraphCall.USERS.request();
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
    box.tenant.state().setSyncFeature(TAKEOVER_FLAG, true);
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
    box.tenant.state().entraIdP2(false);
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

  // Bad input is refused as by every command: exit 65, the file and line, nothing contacted.
  @Test
  void anInvalidLinksFileExits65() throws Exception {
    start(b -> b.delegated(true));
    Files.writeString(dir.resolve("links.yaml"), "version: 1\nlinks: []\n");
    box.tenant.clearReceivedRequests();
    CliResult run = doctor();
    assertEquals(65, run.exit(), run.toString());
    assertTrue(run.err().contains("links.yaml:"), run.toString());
    assertEquals("", run.out());
    assertEquals(List.of(), box.tenant.receivedRequests(), "nothing was sent to Graph");
    assertEquals(0, box.ad.searchCount(), "nothing was searched in AD");
  }

  // The pins hold for doctor as for plan: another endpoint is refused before anything connects.
  @Test
  void aPinnedDirectoryRefusesAnotherEndpoint() throws Exception {
    start(b -> b.delegated(true));
    box.tenant.clearReceivedRequests();
    CliResult run = doctor("--pin-directory", "ldaps://dc01.corp.example.com");
    assertEquals(65, run.exit(), run.toString());
    assertTrue(run.err().contains("is not the pinned endpoint"), run.toString());
    assertEquals(List.of(), box.tenant.receivedRequests(), "nothing was sent to Graph");
    assertEquals(0, box.ad.searchCount(), "nothing was searched in AD");
  }
}
