package dev.hardmatch.cli;

import static dev.hardmatch.cli.ApplySandbox.MAIN_LINKS;
import static dev.hardmatch.cli.ApplySandbox.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.sandbox.graph.EmulatorOptions;
import dev.hardmatch.sandbox.graph.ReceivedRequest;
import dev.hardmatch.sandbox.graph.ServedResponse;
import dev.hardmatch.sandbox.graph.TenantEmulator;
import dev.hardmatch.sandbox.graph.TenantGroup;
import dev.hardmatch.sandbox.graph.TenantState;
import dev.hardmatch.tenant.RoleAssignment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator speaks Graph as the SDK and the published metadata define it ({@link
 * GraphContract}): every answer of a plan → apply → sync → verify run, and of the 2026 endpoints,
 * parses into the SDK's models with no property left over; every request hardmatch sent resolves
 * against the v1.0 metadata extract.
 */
class GraphContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String GROUP = "00000000-0000-4000-8000-0000000000f1";
  private static final String GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";

  @TempDir Path dir;

  @Test
  void everyAnswerOfAPlanApplyVerifyRunFitsTheSdkModelsAndEveryRequestTheMetadata() {
    List<ServedResponse> served = Collections.synchronizedList(new ArrayList<>());
    List<ReceivedRequest> requests;
    try (ApplySandbox box =
        ApplySandbox.start(dir, "main", b -> b.responseListener(served::add)).links(MAIN_LINKS)) {
      box.planAndCommit();
      CliResult apply = box.cli("apply", PLAN);
      assertEquals(0, apply.exit(), apply.toString());
      box.tenant.sync();
      CliResult verify = box.cli("verify", "links.yaml");
      assertEquals(0, verify.exit(), verify.toString());
      requests = box.tenant.receivedRequests();
    }
    Set<String> routes = new TreeSet<>();
    served.forEach(s -> routes.add(s.route()));
    for (String route :
        List.of(
            "GET /organization",
            "GET /users",
            "GET /directory/deletedItems/graph.user",
            "GET /roleManagement/directory/roleAssignments",
            "GET /roleManagement/directory/roleEligibilityScheduleInstances",
            "DELETE /users/{id}",
            "DELETE /directory/deletedItems/{id}",
            "PATCH /users/{id}")) {
      assertTrue(routes.contains(route), route + " was exercised: " + routes);
    }
    assertEquals(List.of(), GraphContract.unknownProperties(served));
    assertEquals(List.of(), GraphContract.unknownInRequests(requests));
  }

  @Test
  void theAnswersOfThe2026EndpointsFitTheSdkModelsToo() throws Exception {
    TenantState state =
        TenantState.parse(ApplySandbox.resource("/apply/main/tenant.json"), "main/tenant.json");
    ObjectNode john = state.user(ApplySandbox.JOHN).orElseThrow();
    john.put("onPremisesObjectIdentifier", "6701fa1a-fb0f-45a8-9356-d302b2affbb1");
    john.put("onPremisesSecurityIdentifier", "S-1-5-21-1004336348-1177238915-682003330-1105");
    state.putUser(john);
    state.addGroup(new TenantGroup(GROUP, "Helpdesk Admins", true, List.of(ApplySandbox.JOHN)));
    state.addRoleAssignment(new RoleAssignment(GROUP, GLOBAL_ADMIN, "/"));
    state.entraIdP2(false);
    List<ServedResponse> served = Collections.synchronizedList(new ArrayList<>());
    String tenantId = state.tenantId();
    List<String> paths =
        List.of(
            "GET /beta/users?$filter=userPrincipalName%20in%20('john.smith@contoso.com')"
                + "&$select=id,userPrincipalName,onPremisesObjectIdentifier",
            "GET /beta/users/" + ApplySandbox.JOHN + "?$select=id,onPremisesObjectIdentifier",
            "GET /v1.0/users/"
                + ApplySandbox.JOHN
                + "?$select=id,onPremisesSecurityIdentifier,onPremisesDistinguishedName,"
                + "onPremisesLastSyncDateTime,onPremisesSyncEnabled",
            "GET /v1.0/groups?$filter=isAssignableToRole%20eq%20true&$select=id,displayName"
                + "&$expand=members($select=id)",
            "GET /v1.0/groups/" + GROUP + "/members?$select=id",
            "GET /v1.0/roleManagement/directory/roleEligibilityScheduleInstances",
            "GET /v1.0/directory/onPremisesSynchronization");
    try (TenantEmulator delegated =
            TenantEmulator.start(
                state,
                EmulatorOptions.builder().delegated(true).responseListener(served::add).build());
        TenantEmulator application =
            TenantEmulator.start(
                state, EmulatorOptions.builder().responseListener(served::add).build())) {
      for (TenantEmulator e : List.of(delegated, application)) {
        for (String p : paths) {
          String[] parts = p.split(" ", 2);
          HttpResponse<String> r =
              HTTP.send(
                  HttpRequest.newBuilder(URI.create(e.baseUrl() + parts[1]))
                      .method(parts[0], HttpRequest.BodyPublishers.noBody())
                      .header("Authorization", "Bearer " + e.token())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertTrue(r.statusCode() < 500, p + " → " + r.body());
        }
      }
      List<ReceivedRequest> requests = new ArrayList<>(delegated.receivedRequests());
      assertEquals(List.of(), GraphContract.unknownInRequests(requests));
    }
    Set<String> statuses = new TreeSet<>();
    served.forEach(s -> statuses.add(s.route() + " " + s.status()));
    assertTrue(
        statuses.contains("GET /directory/onPremisesSynchronization 200"), statuses.toString());
    assertTrue(
        statuses.contains("GET /directory/onPremisesSynchronization 403"), statuses.toString());
    assertTrue(
        statuses.contains("GET /roleManagement/directory/roleEligibilityScheduleInstances 400"),
        statuses.toString());
    assertTrue(statuses.contains("GET /beta/users/{id} 200"), statuses.toString());
    assertEquals(List.of(), GraphContract.unknownProperties(served));
  }

  // The checks themselves can fail: a property no SDK model has, a path or $select Graph lacks.
  @Test
  void aPropertyTheSdkLacksAndARequestTheMetadataLacksAreReported() throws Exception {
    ServedResponse bogus =
        new ServedResponse(
            "GET",
            "v1.0",
            "GET /users/{id}",
            "/users/x",
            null,
            200,
            JSON.readTree(
                "{\"id\":\"x\",\"bogusProperty\":1,\"onPremisesObjectIdentifier\":\"y\"}"));
    assertEquals(
        List.of(
            "GET /users/{id} 200: property 'bogusProperty' is not in the SDK's User model",
            "GET /users/{id} 200: property 'onPremisesObjectIdentifier' is not in the SDK's User"
                + " model"),
        GraphContract.unknownProperties(List.of(bogus)));
    ServedResponse betaUser =
        new ServedResponse(
            "GET",
            "beta",
            "GET /beta/users/{id}",
            "/users/x",
            null,
            200,
            JSON.readTree("{\"id\":\"x\",\"onPremisesObjectIdentifier\":\"y\"}"));
    assertEquals(List.of(), GraphContract.unknownProperties(List.of(betaUser)));

    List<ReceivedRequest> requests =
        List.of(
            new ReceivedRequest(
                "GET", "/v1.0/users?$select=id,onPremisesObjectIdentifier", Map.of(), false),
            new ReceivedRequest("GET", "/v1.0/directory/noSuchThing", Map.of(), false),
            new ReceivedRequest(
                "GET", "/beta/users?$select=id,onPremisesObjectIdentifier", Map.of(), false));
    assertEquals(
        List.of(
            "GET /v1.0/users?$select=id,onPremisesObjectIdentifier: 'onPremisesObjectIdentifier' is"
                + " no property of microsoft.graph.user",
            "GET /v1.0/directory/noSuchThing: 'noSuchThing' is no navigation property of"
                + " microsoft.graph.directory"),
        GraphContract.unknownInRequests(requests));
  }
}
