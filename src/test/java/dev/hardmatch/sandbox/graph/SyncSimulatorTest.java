package dev.hardmatch.sandbox.graph;

import static dev.hardmatch.sandbox.graph.Fixtures.ADMIN;
import static dev.hardmatch.sandbox.graph.Fixtures.ANCHOR_A;
import static dev.hardmatch.sandbox.graph.Fixtures.ANCHOR_B;
import static dev.hardmatch.sandbox.graph.Fixtures.GONE;
import static dev.hardmatch.sandbox.graph.Fixtures.JOHN;
import static dev.hardmatch.sandbox.graph.Fixtures.MARY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import dev.hardmatch.anchor.Anchor;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Entra Connect's matching, simulated against an UnboundID in-memory directory. */
class SyncSimulatorTest {
  private static final String BASE = "DC=corp,DC=example,DC=com";
  private static final String GUID_C = "0b5d8c1e-3f4a-4b6c-9d7e-8f9a0b1c2d3e";

  private InMemoryDirectoryServer ad;

  @BeforeEach
  void directory() throws Exception {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
    config.setSchema(null);
    ad = new InMemoryDirectoryServer(config);
    ad.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: corp");
    ad.add(
        "dn: OU=Staff," + BASE, "objectClass: top", "objectClass: organizationalUnit", "ou: Staff");
  }

  @AfterEach
  void close() {
    ad.shutDown(true);
  }

  /**
   * An AD user; {@code guid} is the objectGUID as an ImmutableId, {@code consistency} may be null.
   */
  private void adUser(
      String sam, String upn, String guid, String consistency, String... proxyAddresses)
      throws Exception {
    List<Attribute> attributes = new ArrayList<>();
    attributes.add(new Attribute("objectClass", "top", "person", "organizationalPerson", "user"));
    attributes.add(new Attribute("sAMAccountName", sam));
    attributes.add(new Attribute("userPrincipalName", upn));
    attributes.add(new Attribute("displayName", "AD " + sam));
    attributes.add(new Attribute("givenName", "Given" + sam));
    attributes.add(new Attribute("sn", "Sur" + sam));
    attributes.add(new Attribute("userAccountControl", "512"));
    attributes.add(new Attribute("objectGUID", Anchor.parse(guid).bytes()));
    if (consistency != null) {
      attributes.add(new Attribute("mS-DS-ConsistencyGuid", Anchor.parse(consistency).bytes()));
    }
    if (proxyAddresses.length > 0) {
      attributes.add(new Attribute("proxyAddresses", proxyAddresses));
    }
    ad.add(new Entry("CN=" + sam + ",OU=Staff," + BASE, attributes));
  }

  private SyncResult sync(TenantState state) {
    return new SyncSimulator(ad, BASE).run(state);
  }

  private static ObjectNode setAnchor(TenantState state, String id, String anchor) {
    ObjectNode u = state.user(id).orElseThrow();
    u.put("onPremisesImmutableId", anchor);
    state.putUser(u);
    return u;
  }

  @Test
  void hardMatchTakesOverTheCloudUserAndWritesTheConsistencyGuid() throws Exception {
    TenantState state = Fixtures.contoso();
    String anchor = Anchor.fromGuid(GUID_C).immutableId();
    setAnchor(state, JOHN, anchor);
    adUser("johns", "john.smith@contoso.com", GUID_C, null);

    SyncResult result = sync(state);

    assertEquals(1, result.hardMatched().size(), result.toJson().toString());
    assertEquals(JOHN, result.hardMatched().get(0).userId());
    JsonNode john = state.user(JOHN).orElseThrow();
    assertTrue(john.get("onPremisesSyncEnabled").asBoolean());
    assertEquals("AD johns", john.get("displayName").asText());
    assertEquals("Surjohns", john.get("surname").asText());
    assertEquals("john.smith@contoso.com", john.get("userPrincipalName").asText());
    assertEquals(4, state.users().size()); // nothing created
    assertArrayEquals(
        Anchor.fromGuid(GUID_C).bytes(),
        ad.getEntry("CN=johns,OU=Staff," + BASE).getAttributeValueBytes("mS-DS-ConsistencyGuid"));
    assertEquals(1, result.consistencyGuidsWritten().size());
  }

  @Test
  void consistencyGuidWinsOverObjectGuid() throws Exception {
    TenantState state = Fixtures.contoso();
    // mary is synced with ANCHOR_A; the AD object's objectGUID differs but its ConsistencyGuid
    // holds A.
    adUser("maryk", "mary.king@contoso.com", GUID_C, ANCHOR_A);

    SyncResult result = sync(state);

    assertEquals(List.of(), result.created());
    assertEquals(List.of(), result.consistencyGuidsWritten());
    assertEquals(MARY, result.updated().get(0).userId());
    assertEquals("AD maryk", state.user(MARY).orElseThrow().get("displayName").asText());
  }

  @Test
  void softMatchesACloudOnlyUserByUpn() throws Exception {
    TenantState state = Fixtures.contoso();
    adUser("johns", "john.smith@contoso.com", GUID_C, null);

    SyncResult result = sync(state);

    assertEquals(1, result.softMatched().size(), result.toJson().toString());
    assertTrue(result.softMatched().get(0).detail().contains("userPrincipalName"));
    JsonNode john = state.user(JOHN).orElseThrow();
    assertEquals(Anchor.fromGuid(GUID_C).immutableId(), john.get("onPremisesImmutableId").asText());
    assertTrue(john.get("onPremisesSyncEnabled").asBoolean());
  }

  @Test
  void softMatchesByPrimarySmtpAndMapsAnUnverifiedUpnDomain() throws Exception {
    TenantState state = Fixtures.contoso();
    adUser(
        "johns",
        "johns@corp.local",
        GUID_C,
        null,
        "SMTP:john.smith@contoso.com",
        "smtp:j@corp.local");

    SyncResult result = sync(state);

    assertEquals(1, result.softMatched().size(), result.toJson().toString());
    assertTrue(result.softMatched().get(0).detail().contains("primary SMTP"));
    JsonNode john = state.user(JOHN).orElseThrow();
    assertEquals("johns@contoso.onmicrosoft.com", john.get("userPrincipalName").asText());
    assertEquals(2, john.get("proxyAddresses").size());
  }

  @Test
  void createsADuplicateWithASuffixedUpnWhenTheCloudUserHoldsAnotherAnchor() throws Exception {
    TenantState state = Fixtures.contoso();
    setAnchor(state, JOHN, "c29tZXRoaW5nIGVsc2UhIQ==");
    adUser("johns", "john.smith@contoso.com", GUID_C, null);

    SyncResult result = sync(state);

    assertEquals(1, result.created().size(), result.toJson().toString());
    String upn = result.created().get(0).userPrincipalName();
    assertTrue(upn.matches("john\\.smith\\d{4}@contoso\\.onmicrosoft\\.com"), upn);
    JsonNode duplicate = state.user(upn).orElseThrow();
    assertEquals(
        Anchor.fromGuid(GUID_C).immutableId(), duplicate.get("onPremisesImmutableId").asText());
    assertTrue(duplicate.get("onPremisesSyncEnabled").asBoolean());
    assertEquals("johns", duplicate.get("onPremisesSamAccountName").asText());
    assertEquals(5, state.users().size());

    // The suffix is deterministic: a fresh tenant gets the same one.
    TenantState fresh = Fixtures.contoso();
    setAnchor(fresh, JOHN, "c29tZXRoaW5nIGVsc2UhIQ==");
    ad.delete("CN=johns,OU=Staff," + BASE);
    adUser("johns", "john.smith@contoso.com", GUID_C, null);
    assertEquals(upn, sync(fresh).created().get(0).userPrincipalName());
  }

  @Test
  void neverMatchesAUserWithADirectoryRole() throws Exception {
    TenantState state = Fixtures.contoso();
    String anchor = Anchor.fromGuid(GUID_C).immutableId();
    setAnchor(state, ADMIN, anchor);
    adUser("admin", "admin@contoso.onmicrosoft.com", GUID_C, null);
    // helpdesk@ is eligible for a privileged role: no soft match, a duplicate instead.
    adUser("helpdesk", "helpdesk@contoso.com", "1f2e3d4c-5b6a-4789-8abc-def012345678", null);

    SyncResult result = sync(state);

    assertEquals(List.of(), result.hardMatched());
    assertEquals(List.of(), result.softMatched());
    assertEquals(1, result.errors().size(), result.toJson().toString());
    assertEquals("admin", result.errors().get(0).sam());
    assertTrue(result.errors().get(0).detail().contains("directory role"));
    JsonNode admin = state.user(ADMIN).orElseThrow();
    assertFalse(admin.path("onPremisesSyncEnabled").asBoolean(false));
    assertEquals(1, result.created().size());
    assertTrue(result.created().get(0).userPrincipalName().startsWith("helpdesk"));
    assertTrue(result.created().get(0).detail().contains("holds a directory role"));
  }

  @Test
  void restoresARecycleBinUserHoldingTheAnchor() throws Exception {
    TenantState state = Fixtures.contoso();
    adUser("olddup", "old.duplicate@contoso.onmicrosoft.com", ANCHOR_B, null);

    SyncResult result = sync(state);

    assertEquals(1, result.restored().size(), result.toJson().toString());
    assertEquals(GONE, result.restored().get(0).userId());
    assertTrue(state.deletedUser(GONE).isEmpty());
    JsonNode restored = state.user(GONE).orElseThrow();
    assertFalse(restored.has("deletedDateTime"));
    assertEquals(ANCHOR_B, restored.get("onPremisesImmutableId").asText());
  }

  @Test
  void aSecondSyncChangesNothing() throws Exception {
    TenantState state = Fixtures.contoso();
    adUser("johns", "john.smith@contoso.com", GUID_C, null);
    adUser("maryk", "mary.king@contoso.com", "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d", ANCHOR_A);
    adUser("newbie", "newbie@contoso.com", "3b4c5d6e-7f8a-4b9c-8d0e-1f2a3b4c5d6e", null);
    adUser("olddup", "old.duplicate@contoso.onmicrosoft.com", ANCHOR_B, null);
    SyncResult first = sync(state);
    assertTrue(first.changed());
    String afterFirst = state.toJson();
    String adAfterFirst = ad.getEntry("CN=johns,OU=Staff," + BASE).toLDIFString();

    SyncResult second = sync(state);

    assertFalse(second.changed(), second.toJson().toString());
    assertEquals(afterFirst, state.toJson());
    assertEquals(adAfterFirst, ad.getEntry("CN=johns,OU=Staff," + BASE).toLDIFString());
    assertEquals(4, second.adUsers());
  }

  @Test
  void syncsThroughTheAdminEndpoint() throws Exception {
    adUser("newbie", "newbie@contoso.com", GUID_C, null);
    EmulatorOptions options = EmulatorOptions.builder().syncSource(ad, BASE).build();
    try (TenantEmulator emulator = TenantEmulator.start(Fixtures.contoso(), options)) {
      HttpResponse<String> r = GraphClients.authed(emulator, "POST", "/_sandbox/sync", "");
      assertEquals(200, r.statusCode());
      JsonNode summary = TenantState.JSON.readTree(r.body());
      assertEquals(1, summary.get("adUsers").asInt());
      assertEquals("newbie@contoso.com", summary.at("/created/0/userPrincipalName").asText());
      assertTrue(emulator.state().user("newbie@contoso.com").isPresent());
      JsonNode again =
          TenantState.JSON.readTree(
              GraphClients.authed(emulator, "POST", "/_sandbox/sync", "").body());
      assertFalse(again.get("changed").asBoolean());
    }
  }

  // ------------------------------------------------------------ Entra's 2026 hard-match rules

  private static final String SID = "S-1-5-21-1004336348-1177238915-682003330-1105";

  /** john holds GUID_C's anchor; AD has johns with that objectGUID (and {@link #SID}). */
  private TenantState johnHoldsTheAnchor() throws Exception {
    TenantState state = Fixtures.contoso();
    setAnchor(state, JOHN, Anchor.fromGuid(GUID_C).immutableId());
    adUser("johns", "john.smith@contoso.com", GUID_C, null);
    ad.modify(
        "CN=johns,OU=Staff," + BASE,
        new com.unboundid.ldap.sdk.Modification(
            com.unboundid.ldap.sdk.ModificationType.ADD,
            "objectSid",
            dev.hardmatch.anchor.Sid.toBytes(SID)));
    return state;
  }

  private static void assertBlocked(
      SyncResult result, TenantState state, String code, Integer number, String detail) {
    assertEquals(1, result.blocked().size(), result.toJson().toString());
    SyncResult.Blocked b = result.blocked().get(0);
    assertEquals("johns", b.sam());
    assertEquals(JOHN, b.userId());
    assertEquals(code, b.code());
    assertEquals(number, b.errorNumber());
    assertTrue(b.detail().contains(detail), b.detail());
    assertEquals(List.of(), result.hardMatched());
    assertEquals(List.of(), result.created(), "Entra reports the error and creates nothing");
    assertFalse(state.user(JOHN).orElseThrow().path("onPremisesSyncEnabled").asBoolean(false));
  }

  @Test
  void theTakeoverFlagBlocksEveryHardMatchUntilItIsTurnedOff() throws Exception {
    TenantState state = johnHoldsTheAnchor();
    state.setSyncFeature("blockCloudObjectTakeoverThroughHardMatchEnabled", true);
    assertBlocked(
        sync(state),
        state,
        "InvalidHardMatch",
        null,
        "blockCloudObjectTakeoverThroughHardMatchEnabled");

    state.setSyncFeature("blockCloudObjectTakeoverThroughHardMatchEnabled", false);
    SyncResult open = sync(state);
    assertEquals(JOHN, open.hardMatched().get(0).userId(), open.toJson().toString());
    JsonNode john = state.user(JOHN).orElseThrow();
    // Connect's traces: the objectSid as SDDL, the DN, the objectGUID as
    // onPremisesObjectIdentifier.
    assertEquals(SID, john.path("onPremisesSecurityIdentifier").asText());
    assertEquals("CN=johns,OU=Staff," + BASE, john.path("onPremisesDistinguishedName").asText());
    assertEquals(GUID_C, john.path("onPremisesObjectIdentifier").asText());
  }

  @Test
  void aSetOnPremisesObjectIdentifierBlocksWithError96() throws Exception {
    TenantState state = johnHoldsTheAnchor();
    ObjectNode john = state.user(JOHN).orElseThrow();
    john.put("onPremisesObjectIdentifier", "6701fa1a-fb0f-45a8-9356-d302b2affbb1");
    state.putUser(john);
    assertBlocked(
        sync(state), state, "AttributeUpdateNotAllowed", 96, "onPremisesObjectIdentifier set");
  }

  @Test
  void aRoleThroughARoleAssignableGroupBlocksWithError103() throws Exception {
    TenantState state = johnHoldsTheAnchor();
    String group = "00000000-0000-4000-8000-0000000000f1";
    state.addGroup(new TenantGroup(group, "Helpdesk Admins", true, List.of(JOHN)));
    state.addRoleEligibility(
        new dev.hardmatch.tenant.RoleAssignment(group, Fixtures.PRIVILEGED_AUTH_ADMIN, "/"));
    assertBlocked(
        sync(state),
        state,
        "InvalidHardMatch",
        103,
        "an eligible role through group Helpdesk Admins");
  }

  @Test
  void aUserPreviouslySyncedFromAnotherAdObjectIsNotTakenOver() throws Exception {
    TenantState state = johnHoldsTheAnchor();
    ObjectNode john = state.user(JOHN).orElseThrow();
    john.put("onPremisesSyncEnabled", false);
    john.put("onPremisesSecurityIdentifier", "S-1-5-21-1004336348-1177238915-682003330-9999");
    state.putUser(john);
    assertBlocked(sync(state), state, "AttributeUpdateNotAllowed", null, "previously synced");
  }

  @Test
  void blockSoftMatchEnabledCreatesADuplicateInsteadOfASoftMatch() throws Exception {
    TenantState state = Fixtures.contoso();
    state.setSyncFeature("blockSoftMatchEnabled", true);
    adUser("johns", "john.smith@contoso.com", GUID_C, null);
    SyncResult result = sync(state);
    assertEquals(List.of(), result.softMatched(), result.toJson().toString());
    assertEquals(1, result.created().size());
    assertFalse(result.created().get(0).userPrincipalName().equals("john.smith@contoso.com"));
  }

  @Test
  void theAdminEndpointReportsEachBlockedMatchWithEntrasCode() throws Exception {
    TenantState state = johnHoldsTheAnchor();
    state.setSyncFeature("blockCloudObjectTakeoverThroughHardMatchEnabled", true);
    EmulatorOptions options = EmulatorOptions.builder().syncSource(ad, BASE).build();
    try (TenantEmulator emulator = TenantEmulator.start(state, options)) {
      JsonNode summary =
          TenantState.JSON.readTree(
              GraphClients.authed(emulator, "POST", "/_sandbox/sync", "").body());
      assertEquals("InvalidHardMatch", summary.at("/blocked/0/code").asText(), summary.toString());
      assertEquals(JOHN, summary.at("/blocked/0/userId").asText());
      assertTrue(summary.at("/blocked/0/errorNumber").isNull());
    }
  }
}
