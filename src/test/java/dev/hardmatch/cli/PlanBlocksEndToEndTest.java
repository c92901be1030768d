package dev.hardmatch.cli;

import static dev.hardmatch.cli.ApplySandbox.JOHN;
import static dev.hardmatch.cli.ApplySandbox.JOHN_DUP;
import static dev.hardmatch.cli.ApplySandbox.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.sandbox.graph.EmulatorOptions;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One scenario per 2026 hard-match rule, end to end: {@code hardmatch plan} through the CLI against
 * the tenant emulator serving the race scenario (johns → john.smith@contoso.com, one duplicate),
 * altered in tenant.json the way each rule needs.
 */
class PlanBlocksEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LINK =
      "  - { sam: johns, upn: john.smith@contoso.com, adUpn: keep }\n";
  private static final String GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";

  @TempDir Path dir;
  private ApplySandbox box;

  @AfterEach
  void stop() {
    if (box != null) {
      box.close();
    }
  }

  /** johns's objectSid, S-1-5-21-1-2-3-1104, as AD stores it (LDIF base64 of the binary form). */
  private static final String JOHNS_SID_LDIF = "AQUAAAAAAAUVAAAAAQAAAAIAAAADAAAAUAQAAA==";

  private static final String JOHNS_SID = "S-1-5-21-1-2-3-1104";

  private CliResult plan(
      Consumer<ObjectNode> tenant, UnaryOperator<EmulatorOptions.Builder> options, String... more)
      throws Exception {
    start(tenant, options);
    String[] args = new String[2 + more.length];
    args[0] = "plan";
    args[1] = "links.yaml";
    System.arraycopy(more, 0, args, 2, more.length);
    return box.cli(args);
  }

  /** The race scenario, johns with an objectSid, its tenant.json altered by {@code tenant}. */
  private void start(Consumer<ObjectNode> tenant, UnaryOperator<EmulatorOptions.Builder> options)
      throws Exception {
    ObjectNode json = (ObjectNode) JSON.readTree(ApplySandbox.resource("/apply/race/tenant.json"));
    tenant.accept(json);
    String ldif =
        ApplySandbox.resource("/apply/race/ad.ldif")
            .replace(
                "objectGUID:: EQAAAKqqu0uMzAAAAAAAAQ==\n",
                "objectGUID:: EQAAAKqqu0uMzAAAAAAAAQ==\nobjectSid:: " + JOHNS_SID_LDIF + "\n");
    box = ApplySandbox.start(dir, ldif, JSON.writeValueAsString(json), "race", options).links(LINK);
  }

  private static ObjectNode target(ObjectNode tenant) {
    return user(tenant, JOHN);
  }

  private static ObjectNode user(ObjectNode tenant, String id) {
    for (var u : tenant.withArray("users")) {
      if (u.path("id").asText().equals(id)) {
        return (ObjectNode) u;
      }
    }
    throw new IllegalStateException("no user " + id + " in the scenario");
  }

  private static void takeoverFlag(ObjectNode tenant, boolean blocked) {
    tenant
        .putObject("onPremisesSynchronization")
        .putObject("features")
        .put("blockCloudObjectTakeoverThroughHardMatchEnabled", blocked);
  }

  @Test
  void aClosedTakeoverWindowBlocksThePlanWhenADelegatedSignInCanReadIt() throws Exception {
    CliResult r = plan(t -> takeoverFlag(t, true), b -> b.delegated(true));
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("TAKEOVER_BLOCKED"), r.toString());
    assertTrue(r.err().contains("hardmatch takeover open"), r.toString());
  }

  @Test
  void anOpenWindowIsRecordedInThePlan() throws Exception {
    CliResult r = plan(t -> takeoverFlag(t, false), b -> b.delegated(true), "--format", "json");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("open", JSON.readTree(r.out()).path("tenant").path("hardMatchTakeover").asText());
    assertFalse(r.out().contains("WARNING"), r.toString());
  }

  @Test
  void anApplicationCredentialPlansButWarnsThatTheWindowIsUnknown() throws Exception {
    CliResult text = plan(t -> takeoverFlag(t, true), b -> b);
    assertEquals(0, text.exit(), text.toString());
    assertTrue(
        text.out().contains("WARNING: the hard-match takeover window could not be read"),
        text.toString());
    CliResult json = box.cli("plan", "links.yaml", "--format", "json");
    assertEquals(
        "unknown", JSON.readTree(json.out()).path("tenant").path("hardMatchTakeover").asText());
    CliResult md = box.cli("plan", "links.yaml", "--format", "markdown");
    assertTrue(md.out().contains("> [!WARNING]"), md.toString());
  }

  @Test
  void aTargetWithOnPremisesObjectIdentifierIsAProblemWithTheFix() throws Exception {
    CliResult r =
        plan(
            t ->
                target(t).put("onPremisesObjectIdentifier", "9c0b2d4e-aaaa-4bbb-8ccc-000000000001"),
            b -> b);
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("TARGET_ONPREM_OBJECT_ID_SET"), r.toString());
    assertTrue(
        r.err().contains("PATCH https://graph.microsoft.com/beta/users/" + JOHN), r.toString());
    assertTrue(r.err().contains("User-OnPremisesSyncBehavior.ReadWrite.All"), r.toString());
  }

  @Test
  void aPreviouslySyncedTargetIsAProblem() throws Exception {
    CliResult r =
        plan(
            t ->
                target(t)
                    .put("onPremisesSyncEnabled", false)
                    .put("onPremisesDistinguishedName", "CN=John Smith,OU=Old,DC=corp,DC=example"),
            b -> b);
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("TARGET_PREVIOUSLY_SYNCED"), r.toString());
    assertTrue(r.err().contains("CN=John Smith,OU=Old"), r.toString());
  }

  @Test
  void aRoleHeldThroughARoleAssignableGroupMakesTheTargetPrivileged() throws Exception {
    String group = "00000000-0000-4000-8000-0000000000f1";
    CliResult r =
        plan(
            t -> {
              ObjectNode g = t.withArray("groups").addObject();
              g.put("id", group).put("displayName", "Tier0 Admins").put("isAssignableToRole", true);
              g.putArray("members").add(JOHN);
              t.withArray("roleAssignments")
                  .addObject()
                  .put("principalId", group)
                  .put("roleDefinitionId", GLOBAL_ADMIN)
                  .put("directoryScopeId", "/");
            },
            b -> b);
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("TARGET_PRIVILEGED"), r.toString());
    assertTrue(
        r.err().contains("Global Administrator (assigned through group Tier0 Admins)"),
        r.toString());
  }

  @Test
  void aTenantWithoutP2PlansAndSaysSoOnce() throws Exception {
    CliResult r = plan(t -> t.put("entraIdP2", false), b -> b);
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.err().contains("note: the tenant has no Entra ID P2"), r.toString());
    assertEquals(
        r.err().indexOf("no Entra ID P2"), r.err().lastIndexOf("no Entra ID P2"), r.toString());
    assertFalse(r.out().contains("eligible role assignments could not be read"), r.toString());
  }

  @Test
  void aDuplicateSyncCreatedWithAnotherAnchorShowsConnectUsesAnotherSourceAnchor()
      throws Exception {
    // Entra Connect created the duplicate from johns (its objectSid and sAMAccountName) with an
    // anchor computed from another attribute than hardmatch's objectGUID.
    String connects = "ZZZZZKqqu0uMzAAAAAAAAQ==";
    CliResult r =
        plan(
            t ->
                user(t, JOHN_DUP)
                    .put("onPremisesImmutableId", connects)
                    .put("onPremisesSecurityIdentifier", JOHNS_SID)
                    .put("onPremisesSamAccountName", "johns"),
            b -> b);
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("ANCHOR_DISAGREES_WITH_SYNC"), r.toString());
    assertTrue(r.err().contains(connects), r.toString());
    assertTrue(r.err().contains("directory.sourceAnchor"), r.toString());
  }

  @Test
  void applyRefusesWhenTheWindowWasClosedAfterPlanningAndTouchesNothing() throws Exception {
    start(t -> takeoverFlag(t, false), b -> b.delegated(true));
    box.planAndCommit();
    JsonNode duplicateBefore = box.user("users", JOHN_DUP);
    box.tenant.state().setSyncFeature("blockCloudObjectTakeoverThroughHardMatchEnabled", true);

    CliResult run = box.cli("apply", PLAN);

    // Apply re-derives every action with the planner over what it reads now: no action survives
    // a closed window, so the gate refuses before the first write.
    assertEquals(3, run.exit(), run.toString());
    assertTrue(run.err().contains("TAKEOVER_BLOCKED"), run.toString());
    assertEquals(duplicateBefore, box.user("users", JOHN_DUP), "the duplicate is untouched");
  }
}
