package dev.hardmatch.sandbox.graph;

import static dev.hardmatch.sandbox.graph.Fixtures.ADMIN;
import static dev.hardmatch.sandbox.graph.Fixtures.ANCHOR_A;
import static dev.hardmatch.sandbox.graph.Fixtures.ANCHOR_B;
import static dev.hardmatch.sandbox.graph.Fixtures.ELIGIBLE;
import static dev.hardmatch.sandbox.graph.Fixtures.GONE;
import static dev.hardmatch.sandbox.graph.Fixtures.JOHN;
import static dev.hardmatch.sandbox.graph.Fixtures.MARY;
import static dev.hardmatch.sandbox.graph.Fixtures.TENANT_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.graph.core.tasks.PageIterator;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.Organization;
import com.microsoft.graph.models.UnifiedRoleAssignment;
import com.microsoft.graph.models.UnifiedRoleEligibilityScheduleInstance;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator's Graph surface, driven by the real microsoft-graph SDK where it can be. */
class TenantEmulatorTest {
  private TenantEmulator emulator;
  private GraphServiceClient graph;

  @BeforeEach
  void start() {
    emulator = TenantEmulator.start(Fixtures.contoso(), EmulatorOptions.defaults());
    graph = GraphClients.sdk(emulator);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return TenantState.JSON.readTree(response.body());
  }

  private static ODataError graphError(Runnable call) {
    return assertThrows(ODataError.class, call::run);
  }

  @Test
  void bindsLoopbackAndServesGraphV1() {
    assertEquals("127.0.0.1", emulator.graphUrl().getHost());
    assertTrue(emulator.graphUrl().toString().endsWith("/v1.0"));
    assertTrue(emulator.port() > 0);
  }

  @Test
  void answersOrganizationWithTenantIdAndVerifiedDomains() {
    List<Organization> orgs = graph.organization().get().getValue();
    assertEquals(1, orgs.size());
    assertEquals(TENANT_ID, orgs.get(0).getId());
    assertEquals(
        List.of("contoso.com", "contoso.onmicrosoft.com"),
        orgs.get(0).getVerifiedDomains().stream()
            .map(d -> d.getName())
            .collect(Collectors.toList()));
    assertTrue(orgs.get(0).getVerifiedDomains().get(1).getIsInitial());
  }

  @Test
  void refusesRequestsWithoutTheBearerToken() throws Exception {
    HttpResponse<String> none = GraphClients.send(emulator, "GET", "/v1.0/users", null);
    assertEquals(401, none.statusCode());
    assertEquals("InvalidAuthenticationToken", json(none).at("/error/code").asText());
    assertTrue(none.headers().firstValue("request-id").isPresent());
    assertEquals(
        none.headers().firstValue("request-id").get(),
        json(none).at("/error/innerError/request-id").asText());

    ODataError wrong =
        graphError(() -> GraphClients.sdk(emulator.graphUrl(), "not-the-token").users().get());
    assertEquals(401, wrong.getResponseStatusCode());
    assertEquals("InvalidAuthenticationToken", wrong.getError().getCode());

    HttpResponse<String> admin = GraphClients.send(emulator, "GET", "/_sandbox/state", null);
    assertEquals(401, admin.statusCode());
  }

  @Test
  void returnsTheAnchorOnlyWhenSelected() throws Exception {
    User plain = graph.users().byUserId(MARY).get();
    assertEquals("mary.king@contoso.com", plain.getUserPrincipalName());
    assertNull(plain.getOnPremisesImmutableId());
    JsonNode raw = json(GraphClients.authed(emulator, "GET", "/v1.0/users/" + MARY, null));
    assertFalse(raw.has("onPremisesImmutableId"), raw.toString());
    for (String p : List.of("id", "userPrincipalName", "displayName", "givenName", "surname")) {
      assertTrue(raw.has(p), p);
    }

    User selected =
        graph
            .users()
            .byUserId(MARY)
            .get(
                rc ->
                    rc.queryParameters.select =
                        new String[] {"id", "onPremisesImmutableId", "onPremisesSyncEnabled"});
    assertEquals(ANCHOR_A, selected.getOnPremisesImmutableId());
    assertTrue(selected.getOnPremisesSyncEnabled());
    assertNull(selected.getUserPrincipalName());
  }

  @Test
  void findsAUserByUpnInThePath() {
    assertEquals(JOHN, graph.users().byUserId("John.Smith@contoso.com").get().getId());
  }

  @Test
  void answersAnUnknownUserWith404() {
    ODataError e = graphError(() -> graph.users().byUserId("nobody@contoso.com").get());
    assertEquals(404, e.getResponseStatusCode());
    assertEquals("Request_ResourceNotFound", e.getError().getCode());
    assertNotNull(e.getError().getInnerError());
  }

  @Test
  void refusesAnUnknownSelectProperty() {
    ODataError e =
        graphError(() -> graph.users().get(rc -> rc.queryParameters.select = new String[] {"upn"}));
    assertEquals(400, e.getResponseStatusCode());
    assertTrue(e.getError().getMessage().contains("Could not find a property named 'upn'"));
  }

  @Test
  void filtersByUpnWithEqInAndOr() {
    List<User> found =
        graph
            .users()
            .get(
                rc ->
                    rc.queryParameters.filter =
                        "userPrincipalName in ('john.smith@contoso.com','MARY.KING@contoso.com')"
                            + " or id eq '"
                            + ADMIN
                            + "'")
            .getValue();
    assertEquals(
        List.of(JOHN, MARY, ADMIN), found.stream().map(User::getId).collect(Collectors.toList()));
  }

  @Test
  void unescapesDoubledQuotesInStringLiterals() {
    TenantState state = emulator.state();
    state.putUser(Fixtures.user("00000000-0000-4000-8000-000000000199", "o'neil@contoso.com"));
    List<User> found =
        graph
            .users()
            .get(rc -> rc.queryParameters.filter = "userPrincipalName eq 'o''neil@contoso.com'")
            .getValue();
    assertEquals(1, found.size());
    assertEquals("o'neil@contoso.com", found.get(0).getUserPrincipalName());
    ReceivedRequest last = emulator.receivedRequests().get(emulator.receivedRequests().size() - 1);
    assertEquals("GET", last.method());
    assertTrue(
        last.url().contains("$filter=userPrincipalName eq 'o''neil@contoso.com'"), last.url());
    assertEquals("Bearer ***", last.header("Authorization"));

    ODataError unterminated =
        graphError(
            () ->
                graph
                    .users()
                    .get(rc -> rc.queryParameters.filter = "userPrincipalName eq 'o'neil'"));
    assertEquals(400, unterminated.getResponseStatusCode());
  }

  @Test
  void filteringOnTheAnchorNeedsTheAdvancedQueryHeaderAndCount() {
    String filter = "onPremisesImmutableId eq '" + ANCHOR_A + "'";
    ODataError bare = graphError(() -> graph.users().get(rc -> rc.queryParameters.filter = filter));
    assertEquals(400, bare.getResponseStatusCode());
    assertEquals("Request_UnsupportedQuery", bare.getError().getCode());
    assertTrue(bare.getError().getMessage().contains("onPremisesImmutableId"));

    ODataError headerOnly =
        graphError(
            () ->
                graph
                    .users()
                    .get(
                        rc -> {
                          rc.queryParameters.filter = filter;
                          rc.headers.add("ConsistencyLevel", "eventual");
                        }));
    assertEquals("Request_UnsupportedQuery", headerOnly.getError().getCode());

    ODataError countOnly =
        graphError(
            () ->
                graph
                    .users()
                    .get(
                        rc -> {
                          rc.queryParameters.filter = filter;
                          rc.queryParameters.count = true;
                        }));
    assertEquals(400, countOnly.getResponseStatusCode());

    UserCollectionResponse ok =
        graph
            .users()
            .get(
                rc -> {
                  rc.queryParameters.filter = filter;
                  rc.queryParameters.count = true;
                  rc.queryParameters.select = new String[] {"id", "onPremisesImmutableId"};
                  rc.headers.add("ConsistencyLevel", "eventual");
                });
    assertEquals(1, ok.getValue().size());
    assertEquals(MARY, ok.getValue().get(0).getId());
    assertEquals(1L, ok.getOdataCount());
  }

  @Test
  void anchorsCompareCaseSensitively() {
    UserCollectionResponse none =
        graph
            .users()
            .get(
                rc -> {
                  rc.queryParameters.filter =
                      "onPremisesImmutableId eq '" + ANCHOR_A.toLowerCase() + "'";
                  rc.queryParameters.count = true;
                  rc.headers.add("ConsistencyLevel", "eventual");
                });
    assertEquals(0, none.getValue().size());
  }

  @Test
  void refusesMoreThan15InValues() {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      values.append(i == 0 ? "" : ",").append("'u").append(i).append("@contoso.com'");
    }
    ODataError e =
        graphError(
            () ->
                graph
                    .users()
                    .get(
                        rc -> rc.queryParameters.filter = "userPrincipalName in (" + values + ")"));
    assertEquals(400, e.getResponseStatusCode());
    assertTrue(e.getError().getMessage().contains("Max allowed: 15"), e.getError().getMessage());

    String fifteen = values.substring(0, values.lastIndexOf(","));
    assertEquals(
        0,
        graph
            .users()
            .get(rc -> rc.queryParameters.filter = "userPrincipalName in (" + fifteen + ")")
            .getValue()
            .size());
  }

  @Test
  void refusesTopOutsideOneTo999() {
    for (int top : new int[] {0, 1000}) {
      ODataError e = graphError(() -> graph.users().get(rc -> rc.queryParameters.top = top));
      assertEquals(400, e.getResponseStatusCode());
      assertTrue(
          e.getError().getMessage().contains("Invalid page size"), e.getError().getMessage());
    }
    assertEquals(4, graph.users().get(rc -> rc.queryParameters.top = 999).getValue().size());
  }

  @Test
  void pagesThroughNextLinksWithThePageIterator() throws Exception {
    for (int i = 0; i < 246; i++) {
      emulator
          .state()
          .putUser(
              Fixtures.user(
                  String.format("00000000-0000-4000-9000-%012d", i), "bulk" + i + "@contoso.com"));
    }
    UserCollectionResponse first =
        graph
            .users()
            .get(
                rc -> {
                  rc.queryParameters.top = 100;
                  rc.queryParameters.select = new String[] {"id", "userPrincipalName"};
                });
    assertEquals(100, first.getValue().size());
    assertTrue(first.getOdataNextLink().startsWith(emulator.graphUrl() + "/users?"));
    List<User> all = new ArrayList<>();
    PageIterator<User, UserCollectionResponse> pages =
        new PageIterator.Builder<User, UserCollectionResponse>()
            .client(graph)
            .collectionPage(first)
            .collectionPageFactory(UserCollectionResponse::createFromDiscriminatorValue)
            .processPageItemCallback(
                u -> {
                  all.add(u);
                  return true;
                })
            .build();
    pages.iterate();
    assertEquals(250, all.size());
    assertEquals(250, all.stream().map(User::getId).distinct().count());
    assertEquals(3, emulator.stats().count("GET /users"));
  }

  @Test
  void refusesAnEditedNextLink() throws Exception {
    for (int i = 0; i < 5; i++) {
      emulator
          .state()
          .putUser(
              Fixtures.user(
                  String.format("00000000-0000-4000-9000-%012d", i), "bulk" + i + "@contoso.com"));
    }
    String next =
        json(GraphClients.authed(emulator, "GET", "/v1.0/users?$top=2", null))
            .get("@odata.nextLink")
            .asText();
    String path = next.substring(emulator.baseUrl().toString().length());
    assertEquals(200, GraphClients.authed(emulator, "GET", path, null).statusCode());
    HttpResponse<String> edited =
        GraphClients.authed(emulator, "GET", path.replace("$top=2", "$top=3"), null);
    assertEquals(400, edited.statusCode());
    assertTrue(json(edited).at("/error/message").asText().contains("nextLink"));
  }

  @Test
  void patchesTheAnchorOfACloudOnlyUser() {
    User patch = new User();
    patch.setOnPremisesImmutableId("NEWanchor+/0123456789AB==");
    graph.users().byUserId(JOHN).patch(patch);
    assertEquals(
        "NEWanchor+/0123456789AB==",
        emulator.state().user(JOHN).orElseThrow().get("onPremisesImmutableId").asText());
    assertEquals(1, emulator.stats().writes());
    assertEquals(1, emulator.stats().count("PATCH /users/{id}"));
  }

  @Test
  void refusesToPatchTheAnchorOfASyncedUser() {
    User patch = new User();
    patch.setOnPremisesImmutableId("NEWanchor+/0123456789AB==");
    ODataError e = graphError(() -> graph.users().byUserId(MARY).patch(patch));
    assertEquals(400, e.getResponseStatusCode());
    assertEquals("Request_BadRequest", e.getError().getCode());
    assertEquals(
        "Unable to update the specified properties for on-premises mastered Directory Sync objects"
            + " or objects currently undergoing migration.",
        e.getError().getMessage());
    assertEquals(
        ANCHOR_A, emulator.state().user(MARY).orElseThrow().get("onPremisesImmutableId").asText());
  }

  @Test
  void refusesAnAnchorHeldByAnActiveUser() {
    User patch = new User();
    patch.setOnPremisesImmutableId(ANCHOR_A);
    ODataError e = graphError(() -> graph.users().byUserId(JOHN).patch(patch));
    assertObjectConflict(e, MARY);
  }

  @Test
  void refusesAnAnchorHeldByARecycleBinUser() {
    User patch = new User();
    patch.setOnPremisesImmutableId(ANCHOR_B);
    ODataError e = graphError(() -> graph.users().byUserId(JOHN).patch(patch));
    assertObjectConflict(e, GONE);
    assertFalse(emulator.state().user(JOHN).orElseThrow().has("onPremisesImmutableId"));
  }

  private static void assertObjectConflict(ODataError e, String holder) {
    assertEquals(400, e.getResponseStatusCode());
    assertEquals("Request_BadRequest", e.getError().getCode());
    assertEquals(
        "Another object with the same value for property onPremisesImmutableId already exists.",
        e.getError().getMessage());
    assertEquals(2, e.getError().getDetails().size());
    assertEquals("ObjectConflict", e.getError().getDetails().get(0).getCode());
    assertEquals("onPremisesImmutableId", e.getError().getDetails().get(0).getTarget());
    assertEquals("ConflictingObjects", e.getError().getDetails().get(1).getCode());
    assertEquals("User_" + holder, e.getError().getDetails().get(1).getTarget());
  }

  @Test
  void refusesAnAnchorWithDollarOrUnderscore() {
    for (String bad : List.of("abc$def", "abc_def")) {
      User patch = new User();
      patch.setOnPremisesImmutableId(bad);
      ODataError e = graphError(() -> graph.users().byUserId(JOHN).patch(patch));
      assertEquals(400, e.getResponseStatusCode());
      assertTrue(e.getError().getMessage().contains("onPremisesImmutableId"));
    }
  }

  @Test
  void deletesToTheRecycleBinListsAndPurges() {
    graph.users().byUserId(JOHN).delete();
    assertTrue(emulator.state().user(JOHN).isEmpty());
    assertEquals(404, graphError(() -> graph.users().byUserId(JOHN).get()).getResponseStatusCode());

    List<User> deleted =
        graph
            .directory()
            .deletedItems()
            .graphUser()
            .get(
                rc ->
                    rc.queryParameters.select =
                        new String[] {
                          "id", "userPrincipalName", "onPremisesImmutableId", "deletedDateTime"
                        })
            .getValue();
    assertEquals(
        List.of(GONE, JOHN), deleted.stream().map(User::getId).collect(Collectors.toList()));
    assertNotNull(deleted.get(1).getDeletedDateTime());
    assertEquals(ANCHOR_B, deleted.get(0).getOnPremisesImmutableId());

    DirectoryObject one = graph.directory().deletedItems().byDirectoryObjectId(JOHN).get();
    assertTrue(one instanceof User);
    assertEquals("john.smith@contoso.com", ((User) one).getUserPrincipalName());

    graph.directory().deletedItems().byDirectoryObjectId(JOHN).delete();
    assertTrue(emulator.state().deletedUser(JOHN).isEmpty());
    ODataError again =
        graphError(() -> graph.directory().deletedItems().byDirectoryObjectId(JOHN).delete());
    assertEquals(404, again.getResponseStatusCode());
    assertEquals(3, emulator.stats().writes()); // the refused second purge counts too
  }

  @Test
  void acceptsBothCastsOnDeletedItemsAndRefusesNone() throws Exception {
    HttpResponse<String> full =
        GraphClients.authed(
            emulator, "GET", "/v1.0/directory/deletedItems/microsoft.graph.user", null);
    assertEquals(200, full.statusCode());
    assertEquals(GONE, json(full).at("/value/0/id").asText());

    ODataError none = graphError(() -> graph.directory().deletedItems().get());
    assertEquals(400, none.getResponseStatusCode());
    assertEquals("Request_UnsupportedQuery", none.getError().getCode());
  }

  @Test
  void listsRoleAssignmentsAndEligibilities() {
    List<UnifiedRoleAssignment> assigned =
        graph.roleManagement().directory().roleAssignments().get().getValue();
    assertEquals(1, assigned.size());
    assertEquals(ADMIN, assigned.get(0).getPrincipalId());
    assertEquals(Fixtures.GLOBAL_ADMIN, assigned.get(0).getRoleDefinitionId());
    assertNotNull(assigned.get(0).getId());

    List<UnifiedRoleEligibilityScheduleInstance> eligible =
        graph.roleManagement().directory().roleEligibilityScheduleInstances().get().getValue();
    assertEquals(1, eligible.size());
    assertEquals(ELIGIBLE, eligible.get(0).getPrincipalId());
  }

  @Test
  void servesStateAndStatsBesideGraph() throws Exception {
    graph.users().get();
    HttpResponse<String> state = GraphClients.authed(emulator, "GET", "/_sandbox/state", null);
    assertEquals(200, state.statusCode());
    TenantState copy = TenantState.parse(state.body(), "state");
    assertEquals(emulator.state().toJson(), copy.toJson());

    JsonNode stats = json(GraphClients.authed(emulator, "GET", "/_sandbox/stats", null));
    assertEquals(1, stats.get("httpRequests").asLong());
    assertEquals(1, stats.get("operations").asLong());
    assertEquals(0, stats.get("throttled").asLong());
    assertEquals(1, stats.at("/byRoute/GET ~1users").asLong());

    emulator.resetStats();
    emulator.clearReceivedRequests();
    assertEquals(0, emulator.stats().httpRequests());
    assertEquals(0, emulator.stats().count("GET /users"));
    assertTrue(emulator.receivedRequests().isEmpty());

    HttpResponse<String> sync = GraphClients.authed(emulator, "POST", "/_sandbox/sync", "");
    assertEquals(409, sync.statusCode());
    assertEquals("SyncUnavailable", json(sync).at("/error/code").asText());
  }

  @Test
  void letsOnlyOneOfManyConcurrentWritersTakeAnAnchor() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String id = String.format("00000000-0000-4000-9000-%012d", i);
      emulator.state().putUser(Fixtures.user(id, "racer" + i + "@contoso.com"));
      ids.add(id);
    }
    String anchor = "cmFjZSBmb3IgdGhlIGFuY2hvcg==";
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(12);
    try {
      List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
      for (String id : ids) {
        answers.add(
            pool.submit(
                () ->
                    GraphClients.authed(
                            emulator,
                            "PATCH",
                            "/v1.0/users/" + id,
                            "{\"onPremisesImmutableId\":\"" + anchor + "\"}")
                        .statusCode()));
      }
      List<Integer> statuses = new ArrayList<>();
      for (java.util.concurrent.Future<Integer> f : answers) {
        statuses.add(f.get());
      }
      assertEquals(1, statuses.stream().filter(s -> s == 204).count(), statuses.toString());
      assertEquals(11, statuses.stream().filter(s -> s == 400).count(), statuses.toString());
      assertEquals(
          1,
          emulator.state().users().stream()
              .filter(u -> anchor.equals(u.path("onPremisesImmutableId").asText(null)))
              .count());
    } finally {
      pool.shutdownNow();
    }
  }
}
