package dev.hardmatch.sandbox.graph;

import static dev.hardmatch.sandbox.graph.Fixtures.GLOBAL_ADMIN;
import static dev.hardmatch.sandbox.graph.Fixtures.JOHN;
import static dev.hardmatch.sandbox.graph.Fixtures.MARY;
import static dev.hardmatch.sandbox.graph.Fixtures.TENANT_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.tenant.RoleAssignment;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The emulator's model of 2026 Entra, over plain HTTP: permissions per endpoint, the delegated-only
 * takeover flag, beta-only onPremisesObjectIdentifier, previously synced users, refused PATCHes,
 * tenants without P2 and role-assignable groups.
 */
class Emulator2026Test {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String GROUP = "00000000-0000-4000-8000-0000000000f1";
  static final String PREVIOUS = "00000000-0000-4000-8000-000000000106";

  private static TenantEmulator start(TenantState state, UnaryOperator<EmulatorOptions.Builder> o) {
    return TenantEmulator.start(state, o.apply(EmulatorOptions.builder()).build());
  }

  private static HttpResponse<String> call(
      TenantEmulator e, String method, String path, String body) throws Exception {
    return GraphClients.authed(e, method, path, body);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private static void assertDenied(HttpResponse<String> r) throws Exception {
    assertEquals(403, r.statusCode(), r.body());
    assertEquals("Authorization_RequestDenied", json(r).path("error").path("code").asText());
    assertEquals(
        "Insufficient privileges to complete the operation.",
        json(r).path("error").path("message").asText());
  }

  @Test
  void theDefaultTokenCarriesTheLeastPrivilegeSetAndCanReadEverythingHardmatchReads()
      throws Exception {
    try (TenantEmulator e = start(Fixtures.contoso(), b -> b)) {
      for (String path :
          List.of(
              "/v1.0/organization",
              "/v1.0/users?$select=id",
              "/v1.0/users/" + JOHN + "?$select=id,onPremisesSecurityIdentifier",
              "/v1.0/directory/deletedItems/microsoft.graph.user",
              "/v1.0/roleManagement/directory/roleAssignments",
              "/v1.0/roleManagement/directory/roleEligibilityScheduleInstances",
              "/v1.0/groups?$select=id",
              "/beta/users?$select=id,onPremisesObjectIdentifier")) {
        assertEquals(200, call(e, "GET", path, null).statusCode(), path);
      }
      // Delegated only: an application token never reads the takeover flag.
      assertDenied(call(e, "GET", "/v1.0/directory/onPremisesSynchronization", null));
    }
  }

  @Test
  void aMissingPermissionIsRefusedWith403AndChangesNothing() throws Exception {
    List<String> readOnly = List.of("User.Read.All", "RoleManagement.Read.Directory");
    try (TenantEmulator e = start(Fixtures.contoso(), b -> b.permissions(readOnly))) {
      assertEquals(200, call(e, "GET", "/v1.0/users/" + JOHN, null).statusCode());
      assertDenied(call(e, "GET", "/v1.0/organization", null));
      assertDenied(
          call(
              e,
              "PATCH",
              "/v1.0/users/" + JOHN,
              "{\"onPremisesImmutableId\":\"AAAAAAAAAAAAAAAAAAAAAA==\"}"));
      assertDenied(call(e, "DELETE", "/v1.0/users/" + JOHN, null));
      // Batch items are checked one by one.
      HttpResponse<String> batch =
          call(
              e,
              "POST",
              "/v1.0/$batch",
              "{\"requests\":[{\"id\":\"1\",\"method\":\"DELETE\",\"url\":\"/users/"
                  + JOHN
                  + "\"},{\"id\":\"2\",\"method\":\"GET\",\"url\":\"/users/"
                  + JOHN
                  + "\"}]}");
      JsonNode items = json(batch).path("responses");
      assertEquals(403, items.get(0).path("status").asInt(), batch.body());
      assertEquals(200, items.get(1).path("status").asInt(), batch.body());
      assertTrue(e.state().user(JOHN).isPresent(), "john is still active");
      assertFalse(e.state().user(JOHN).orElseThrow().has("onPremisesImmutableId"));
    }
  }

  @Test
  void theTakeoverFlagIsReadAndChangedOnlyWithADelegatedToken() throws Exception {
    TenantState state = Fixtures.contoso();
    state.setSyncFeature("blockCloudObjectTakeoverThroughHardMatchEnabled", true);
    try (TenantEmulator e = start(state, b -> b.delegated(true))) {
      HttpResponse<String> read = call(e, "GET", "/v1.0/directory/onPremisesSynchronization", null);
      assertEquals(200, read.statusCode(), read.body());
      JsonNode sync = json(read).path("value").get(0);
      assertEquals(TENANT_ID, sync.path("id").asText());
      assertTrue(
          sync.path("features")
              .path("blockCloudObjectTakeoverThroughHardMatchEnabled")
              .asBoolean());
      assertFalse(sync.path("features").path("blockSoftMatchEnabled").asBoolean());

      HttpResponse<String> open =
          call(
              e,
              "PATCH",
              "/v1.0/directory/onPremisesSynchronization/" + TENANT_ID,
              "{\"features\":{\"blockCloudObjectTakeoverThroughHardMatchEnabled\":false}}");
      assertEquals(204, open.statusCode(), open.body());
      assertFalse(state.syncFeature("blockCloudObjectTakeoverThroughHardMatchEnabled"));
      assertFalse(
          JSON.readTree(state.toJson())
              .path("onPremisesSynchronization")
              .path("features")
              .path("blockCloudObjectTakeoverThroughHardMatchEnabled")
              .asBoolean(true));
      assertEquals(
          404,
          call(
                  e,
                  "PATCH",
                  "/v1.0/directory/onPremisesSynchronization/00000000-0000-4000-8000-000000000000",
                  "{\"features\":{\"blockSoftMatchEnabled\":true}}")
              .statusCode());
      assertEquals(
          400,
          call(
                  e,
                  "PATCH",
                  "/v1.0/directory/onPremisesSynchronization/" + TENANT_ID,
                  "{\"features\":{\"noSuchFeature\":true}}")
              .statusCode());
    }
    // The same PATCH with an application token: 403, the flag untouched.
    try (TenantEmulator e = start(state, b -> b.permissions(List.of("Directory.ReadWrite.All")))) {
      assertDenied(
          call(
              e,
              "PATCH",
              "/v1.0/directory/onPremisesSynchronization/" + TENANT_ID,
              "{\"features\":{\"blockCloudObjectTakeoverThroughHardMatchEnabled\":true}}"));
      assertFalse(state.syncFeature("blockCloudObjectTakeoverThroughHardMatchEnabled"));
    }
  }

  @Test
  void onPremisesObjectIdentifierIsServedUnderBetaOnly() throws Exception {
    TenantState state = Fixtures.contoso();
    ObjectNode john = state.user(JOHN).orElseThrow();
    john.put("onPremisesObjectIdentifier", "6701fa1a-fb0f-45a8-9356-d302b2affbb1");
    state.putUser(john);
    try (TenantEmulator e = start(state, b -> b)) {
      HttpResponse<String> beta =
          call(e, "GET", "/beta/users/" + JOHN + "?$select=id,onPremisesObjectIdentifier", null);
      assertEquals(200, beta.statusCode(), beta.body());
      assertEquals(
          "6701fa1a-fb0f-45a8-9356-d302b2affbb1",
          json(beta).path("onPremisesObjectIdentifier").asText());
      assertTrue(json(beta).path("@odata.context").asText().contains("/beta/$metadata#users"));

      HttpResponse<String> v1 =
          call(e, "GET", "/v1.0/users/" + JOHN + "?$select=id,onPremisesObjectIdentifier", null);
      assertEquals(400, v1.statusCode(), v1.body());
      assertTrue(
          json(v1).path("error").path("message").asText().contains("onPremisesObjectIdentifier"));
      HttpResponse<String> plain = call(e, "GET", "/v1.0/users/" + JOHN, null);
      assertFalse(plain.body().contains("onPremisesObjectIdentifier"), plain.body());

      // Clearing it needs User-OnPremisesSyncBehavior.ReadWrite.All, which the default lacks.
      String clear = "{\"onPremisesObjectIdentifier\":null}";
      assertDenied(call(e, "PATCH", "/beta/users/" + JOHN, clear));
    }
    try (TenantEmulator e =
        start(state, b -> b.permissions(List.of("User-OnPremisesSyncBehavior.ReadWrite.All")))) {
      assertEquals(
          204,
          call(e, "PATCH", "/beta/users/" + JOHN, "{\"onPremisesObjectIdentifier\":null}")
              .statusCode());
      assertTrue(state.user(JOHN).orElseThrow().path("onPremisesObjectIdentifier").isNull());
    }
  }

  @Test
  void aPreviouslySyncedUserRefusesANewAnchorWithGraphsRealAnswer() throws Exception {
    TenantState state = Fixtures.contoso();
    ObjectNode previous = Fixtures.user(PREVIOUS, "former.synced@contoso.com");
    previous.put("onPremisesSyncEnabled", false);
    previous.put("onPremisesSecurityIdentifier", "S-1-5-21-1004336348-1177238915-682003330-1105");
    previous.put("onPremisesDistinguishedName", "CN=Former,OU=Staff,DC=corp,DC=example,DC=com");
    state.putUser(previous);
    try (TenantEmulator e = start(state, b -> b)) {
      HttpResponse<String> r =
          call(
              e,
              "PATCH",
              "/v1.0/users/" + PREVIOUS,
              "{\"onPremisesImmutableId\":\"GvoBZw/7qEWTVtMCsq/7sQ==\"}");
      assertEquals(400, r.statusCode(), r.body());
      assertEquals("Request_BadRequest", json(r).path("error").path("code").asText());
      assertEquals(
          "Unable to update the specified properties for objects that have originated within an"
              + " external service.",
          json(r).path("error").path("message").asText());
      assertFalse(state.user(PREVIOUS).orElseThrow().has("onPremisesImmutableId"));
      // Cloud attributes stay writable.
      assertEquals(
          204, call(e, "PATCH", "/v1.0/users/" + PREVIOUS, "{\"jobTitle\":\"x\"}").statusCode());
      HttpResponse<String> read =
          call(
              e,
              "GET",
              "/v1.0/users/"
                  + PREVIOUS
                  + "?$select=onPremisesSecurityIdentifier,onPremisesDistinguishedName,onPremisesSyncEnabled",
              null);
      assertEquals(
          "S-1-5-21-1004336348-1177238915-682003330-1105",
          json(read).path("onPremisesSecurityIdentifier").asText());
    }
  }

  @Test
  void refusePatchAnswers403ForThoseUsersOnly() throws Exception {
    try (TenantEmulator e =
        start(Fixtures.contoso(), b -> b.refusePatch(List.of("John.Smith@contoso.com")))) {
      assertDenied(call(e, "PATCH", "/v1.0/users/" + JOHN, "{\"jobTitle\":\"x\"}"));
      assertDenied(call(e, "PATCH", "/v1.0/users/john.smith@contoso.com", "{\"jobTitle\":\"x\"}"));
      assertFalse(e.state().user(JOHN).orElseThrow().has("jobTitle"));
      assertEquals(
          204,
          call(e, "PATCH", "/v1.0/users/" + Fixtures.ADMIN, "{\"jobTitle\":\"x\"}").statusCode());
      // Reads are not affected: nothing predicts the refusal.
      assertEquals(200, call(e, "GET", "/v1.0/users/" + JOHN, null).statusCode());
    }
  }

  @Test
  void aTenantWithoutP2AnswersTheEligibilityListWithAadPremiumLicenseRequired() throws Exception {
    TenantState state =
        TenantState.parse(
            Fixtures.contoso().toJson().replaceFirst("\\{", "{\"entraIdP2\": false,"), "no-p2");
    try (TenantEmulator e = start(state, b -> b)) {
      HttpResponse<String> r =
          call(e, "GET", "/v1.0/roleManagement/directory/roleEligibilityScheduleInstances", null);
      assertEquals(400, r.statusCode(), r.body());
      assertEquals("AadPremiumLicenseRequired", json(r).path("error").path("code").asText());
      assertEquals(
          "The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance"
              + " license.",
          json(r).path("error").path("message").asText());
      assertFalse(JSON.readTree(state.toJson()).path("entraIdP2").asBoolean(true));
    }
  }

  @Test
  void roleAssignableGroupsAndTheirMembersAreListedInBulk() throws Exception {
    TenantState state = Fixtures.contoso();
    List<String> members = new ArrayList<>(List.of(JOHN, MARY));
    state.addGroup(new TenantGroup(GROUP, "Helpdesk Admins", true, members));
    state.addGroup(
        new TenantGroup("00000000-0000-4000-8000-0000000000f2", "Staff", false, List.of(MARY)));
    state.addRoleAssignment(new RoleAssignment(GROUP, GLOBAL_ADMIN, "/"));
    assertTrue(state.hasDirectoryRole(JOHN), "john holds a role through the group");
    assertEquals("an assigned role through group Helpdesk Admins", state.privilege(JOHN));
    try (TenantEmulator e = start(state, b -> b)) {
      HttpResponse<String> r =
          call(
              e,
              "GET",
              "/v1.0/groups?$filter=isAssignableToRole%20eq%20true&$select=id,displayName"
                  + "&$expand=members($select=id)",
              null);
      assertEquals(200, r.statusCode(), r.body());
      JsonNode value = json(r).path("value");
      assertEquals(1, value.size(), r.body());
      assertEquals(GROUP, value.get(0).path("id").asText());
      assertEquals(JOHN, value.get(0).path("members").get(0).path("id").asText());
      assertEquals(
          "#microsoft.graph.user",
          value.get(0).path("members").get(0).path("@odata.type").asText());
      assertEquals(2, value.get(0).path("members").size());

      HttpResponse<String> page =
          call(e, "GET", "/v1.0/groups/" + GROUP + "/members?$select=id&$top=1", null);
      assertEquals(200, page.statusCode(), page.body());
      assertEquals(JOHN, json(page).path("value").get(0).path("id").asText());
      assertTrue(json(page).has("@odata.nextLink"), page.body());

      assertEquals(400, call(e, "GET", "/v1.0/groups?$select=id,bogus", null).statusCode());
      // Without a group permission, groups cannot be read.
    }
    try (TenantEmulator e = start(state, b -> b.permissions(List.of("User.Read.All")))) {
      assertDenied(call(e, "GET", "/v1.0/groups?$select=id", null));
      assertDenied(call(e, "GET", "/v1.0/groups/" + GROUP + "/members", null));
    }
  }

  @Test
  void anExpandedMemberListStopsAtTwentyAndTheMembersEndpointPagesTheRest() throws Exception {
    TenantState state = Fixtures.empty();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      String id = String.format("00000000-0000-4000-8000-%012d", 500 + i);
      state.putUser(Fixtures.user(id, "u" + i + "@contoso.com"));
      ids.add(id);
    }
    state.addGroup(new TenantGroup(GROUP, "Big admins", true, ids));
    try (TenantEmulator e = start(state, b -> b)) {
      JsonNode expanded = json(call(e, "GET", "/v1.0/groups?$expand=members($select=id)", null));
      assertEquals(
          GroupsResource.EXPAND_LIMIT, expanded.path("value").get(0).path("members").size());
      JsonNode all =
          json(call(e, "GET", "/v1.0/groups/" + GROUP + "/members?$select=id&$top=999", null));
      assertEquals(25, all.path("value").size());
    }
  }
}
