package dev.hardmatch.sandbox.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.Diagnostic;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.tenant.CloudUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, validating and writing tenant.json. */
class TenantStateTest {
  @TempDir Path dir;

  private static final String VALID =
      """
      {
        "$schema": "../schemas/tenant.schema.json",
        "tenantId": "7d1a2c3e-0000-4000-8000-000000000001",
        "displayName": "Contoso",
        "verifiedDomains": [
          { "name": "contoso.com", "isDefault": true, "isInitial": false },
          { "name": "contoso.onmicrosoft.com", "isDefault": false, "isInitial": true }
        ],
        "users": [
          {
            "id": "00000000-0000-4000-8000-000000000101",
            "userPrincipalName": "john.smith@contoso.com",
            "displayName": "John Smith",
            "givenName": "John",
            "surname": "Smith",
            "mail": "john.smith@contoso.com",
            "proxyAddresses": ["SMTP:john.smith@contoso.com", "smtp:js@contoso.com"],
            "accountEnabled": true,
            "onPremisesImmutableId": null,
            "onPremisesSyncEnabled": null,
            "assignedLicenses": [
              { "skuId": "c7df2760-2c81-4ef7-b578-5b5392b571df", "disabledPlans": [] }
            ]
          }
        ],
        "deletedUsers": [
          {
            "id": "00000000-0000-4000-8000-000000000105",
            "userPrincipalName": "john.smith1234@contoso.onmicrosoft.com",
            "onPremisesImmutableId": "MsNKjF+XF0ete7pKTpaP/w==",
            "onPremisesSyncEnabled": true,
            "deletedDateTime": "2026-11-20T10:00:00Z"
          }
        ],
        "roleAssignments": [
          {
            "principalId": "00000000-0000-4000-8000-000000000101",
            "roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10",
            "directoryScopeId": "/"
          }
        ],
        "roleEligibilities": []
      }
      """;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void loadsAndRoundTrips() throws Exception {
    TenantState state = TenantState.load(write("tenant.json", VALID));
    assertEquals("7d1a2c3e-0000-4000-8000-000000000001", state.tenantId());
    assertEquals("contoso.onmicrosoft.com", state.initialDomain());
    assertEquals(1, state.users().size());
    assertEquals(1, state.deletedUsers().size());
    assertTrue(state.hasDirectoryRole("00000000-0000-4000-8000-000000000101"));

    String written = state.toJson();
    TenantState again = TenantState.load(write("again.json", written));
    assertEquals(written, again.toJson());
    assertTrue(written.contains("\"$schema\" : \"../schemas/tenant.schema.json\""), written);
    assertEquals(
        TenantState.JSON.readTree(VALID).get("users"),
        TenantState.JSON.readTree(written).get("users"));
  }

  @Test
  void convertsAStoredUserToTheCloudUserPort() throws Exception {
    TenantState state = TenantState.load(write("tenant.json", VALID));
    CloudUser john = TenantState.toCloudUser(state.user("john.smith@contoso.com").orElseThrow());
    assertEquals(List.of("c7df2760-2c81-4ef7-b578-5b5392b571df"), john.assignedLicenses());
    assertTrue(john.licensed());
    assertEquals(null, john.onPremisesImmutableId());
    CloudUser gone =
        TenantState.toCloudUser(
            state.deletedUser("00000000-0000-4000-8000-000000000105").orElseThrow());
    assertTrue(gone.deleted());
    assertTrue(gone.synced());
  }

  @Test
  void namesFileLineAndColumnOfMalformedJson() throws Exception {
    Path file = write("broken.json", "{\n  \"tenantId\": \"x\",\n  \"users\": [ }\n}\n");
    HardmatchException e = assertThrows(HardmatchException.class, () -> TenantState.load(file));
    assertEquals(HardmatchException.Code.INVALID_INPUT, e.code());
    assertEquals(65, e.exitCode());
    assertTrue(e.getMessage().startsWith(file + ":3:"), e.getMessage());
    assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
    assertTrue(e.getMessage().contains("fix the JSON syntax"), e.getMessage());
  }

  @Test
  void namesFileLineAndFieldOfSchemaViolations() throws Exception {
    String bad =
        VALID
            .replace("\"givenName\": \"John\",", "\"firstName\": \"John\",")
            .replace("\"accountEnabled\": true,", "\"accountEnabled\": \"yes\",");
    Path file = write("bad.json", bad);
    HardmatchException e = assertThrows(HardmatchException.class, () -> TenantState.load(file));
    assertEquals(HardmatchException.Code.INVALID_INPUT, e.code());
    List<Diagnostic> found = e.diagnostics();
    assertEquals(2, found.size(), e.getMessage());
    Diagnostic unknown =
        found.stream().filter(d -> d.field().contains("firstName")).findFirst().orElseThrow();
    assertEquals(file.toString(), unknown.file());
    assertEquals(14, unknown.line(), e.getMessage());
    assertEquals("users[0].firstName", unknown.field());
    assertTrue(unknown.fix().contains("spell it as Graph does"));
    Diagnostic type =
        found.stream().filter(d -> d.field().contains("accountEnabled")).findFirst().orElseThrow();
    assertEquals(18, type.line(), e.getMessage());
    assertEquals("users[0].accountEnabled", type.field());
    assertTrue(e.getMessage().contains(file + ":18:"), e.getMessage());
  }

  @Test
  void refusesMissingRequiredPropertiesAndTwoInitialDomains() throws Exception {
    String bad =
        VALID
            .replace("\"userPrincipalName\": \"john.smith@contoso.com\",", "")
            .replace(
                "\"isDefault\": true, \"isInitial\": false",
                "\"isDefault\": true, \"isInitial\": true");
    HardmatchException e =
        assertThrows(HardmatchException.class, () -> TenantState.load(write("bad.json", bad)));
    assertTrue(e.getMessage().contains("userPrincipalName"), e.getMessage());
    assertTrue(e.getMessage().contains("isInitial"), e.getMessage());
  }

  @Test
  void refusesAnAnchorHeldTwice() throws Exception {
    String bad =
        VALID.replace(
            "\"onPremisesImmutableId\": null,",
            "\"onPremisesImmutableId\": \"MsNKjF+XF0ete7pKTpaP/w==\",");
    Path file = write("twice.json", bad);
    HardmatchException e = assertThrows(HardmatchException.class, () -> TenantState.load(file));
    assertTrue(e.getMessage().contains("already held by users[0]"), e.getMessage());
    assertTrue(e.getMessage().startsWith(file + ":30:"), e.getMessage());
  }

  @Test
  void reportsAMissingFileAsInvalidInput() {
    HardmatchException e =
        assertThrows(HardmatchException.class, () -> TenantState.load(dir.resolve("none.json")));
    assertEquals(HardmatchException.Code.INVALID_INPUT, e.code());
    assertTrue(e.getMessage().contains("none.json"));
  }
}
