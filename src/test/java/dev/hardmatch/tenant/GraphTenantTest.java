package dev.hardmatch.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.sandbox.graph.EmulatorOptions;
import dev.hardmatch.sandbox.graph.ReceivedRequest;
import dev.hardmatch.sandbox.graph.Stats;
import dev.hardmatch.sandbox.graph.TenantEmulator;
import dev.hardmatch.sandbox.graph.TenantState;
import dev.hardmatch.spec.LinksFile.TenantSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Graph adapter, through the real microsoft-graph SDK, against the project's emulator. */
class GraphTenantTest {

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private TenantEmulator emulator(TenantFixture fixture, EmulatorOptions options) {
    TenantState state = TenantState.parse(fixture.toJson(), "fixture");
    TenantEmulator emulator = TenantEmulator.start(state, options);
    open.add(emulator);
    return emulator;
  }

  private GraphTenant tenant(TenantEmulator emulator, GraphTenant.Options options) {
    GraphTenant tenant =
        GraphTenant.open(
            new TenantSpec(TenantFixture.TENANT_ID, emulator.graphUrl().toString()),
            GraphAuth.DEFAULT,
            Map.of(GraphTenant.TOKEN_ENV, emulator.token()),
            options);
    open.add(tenant);
    return tenant;
  }

  private GraphTenant tenant(TenantEmulator emulator) {
    return tenant(emulator, GraphTenant.Options.defaults());
  }

  private static List<String> upnsWithQuote(TenantFixture fixture) {
    List<String> upns = new ArrayList<>(fixture.upns());
    upns.add(TenantFixture.QUOTED_UPN);
    return upns;
  }

  /** Everything the planner needs for 1,000 links is in the snapshot, exactly. */
  private static void assertCompleteSnapshot(TenantFixture fixture, TenantSnapshot snapshot) {
    assertEquals(TenantFixture.TENANT_ID, snapshot.organization().tenantId());
    assertEquals("contoso.onmicrosoft.com", snapshot.organization().initialDomain());

    assertEquals(fixture.targets + 1, snapshot.usersByUpn().size());
    CloudUser first = snapshot.userByUpn("USER0000@contoso.com");
    assertEquals(TenantFixture.targetId(0), first.id());
    assertEquals(List.of(TenantFixture.SKU), first.assignedLicenses());
    assertEquals(List.of("SMTP:user0000@contoso.com"), first.proxyAddresses());
    assertEquals(Boolean.TRUE, first.accountEnabled());
    assertEquals(TenantFixture.QUOTED_ID, snapshot.userByUpn(TenantFixture.QUOTED_UPN).id());

    for (int i = 0; i < fixture.targets; i++) {
      List<CloudUser> holders = snapshot.holders(TenantFixture.anchor(i));
      if (i % 2 == 0) {
        assertEquals(1, holders.size(), "holders of anchor " + i);
        assertEquals(TenantFixture.duplicateId(i), holders.get(0).id());
        assertTrue(holders.get(0).synced());
        assertEquals(TenantFixture.anchor(i), holders.get(0).onPremisesImmutableId());
      } else {
        assertEquals(List.of(), holders, "holders of anchor " + i);
      }
    }
    // Anchors are case-sensitive: the holder of a case variant is nobody's duplicate.
    assertFalse(
        snapshot.holders(TenantFixture.anchor(4)).stream()
            .anyMatch(u -> u.id().equals(TenantFixture.CASE_VARIANT_ID)));

    long deletedHolders =
        snapshot.deletedUsers().stream().filter(u -> u.onPremisesImmutableId() != null).count();
    assertEquals(fixture.targets / 10, deletedHolders);
    assertEquals(fixture.targets / 10 + fixture.deletedExtra, snapshot.deletedUsers().size());
    CloudUser deleted =
        snapshot.deletedUsers().stream()
            .filter(u -> u.id().equals(TenantFixture.deletedHolderId(1)))
            .findFirst()
            .orElseThrow();
    assertEquals(TenantFixture.anchor(1), deleted.onPremisesImmutableId());
    assertTrue(deleted.deleted());
    assertEquals("2026-11-20T10:00:00Z", deleted.deletedDateTime());

    assertEquals(
        List.of(TenantFixture.targetId(5)),
        snapshot.roleAssignments().stream()
            .map(RoleAssignment::principalId)
            .collect(Collectors.toList()));
    assertNotNull(snapshot.roleEligibilities());
    assertEquals(
        List.of(TenantFixture.targetId(6)),
        snapshot.roleEligibilities().stream()
            .map(RoleAssignment::principalId)
            .collect(Collectors.toList()));
  }

  @Test
  void readsAThousandLinksInAtMostFortyRequests() {
    TenantFixture fixture = new TenantFixture(1000, 1200); // the recycle bin spans two pages
    TenantEmulator emulator = emulator(fixture, EmulatorOptions.defaults());
    GraphTenant tenant = tenant(emulator);

    TenantSnapshot snapshot = tenant.read(upnsWithQuote(fixture), fixture.anchors());

    assertCompleteSnapshot(fixture, snapshot);
    Stats stats = emulator.stats();
    assertTrue(stats.httpRequests() <= 40, "Graph HTTP requests: " + stats.httpRequests());
    assertEquals(stats.httpRequests(), tenant.requestCount());
    assertEquals(0, stats.throttled());
    // the recycle bin was listed once, its second page followed through its nextLink
    assertEquals(2, stats.count("GET /directory/deletedItems/graph.user"));
    assertEquals(1, stats.count("GET /roleManagement/directory/roleAssignments"));
  }

  // Without RoleEligibilitySchedule.Read.Directory Graph answers 403: plan warns, never guesses.
  @Test
  void forbiddenEligibilitiesAreUnknownNotAFailure() {
    TenantFixture fixture = new TenantFixture(20, 0);
    TenantEmulator emulator =
        emulator(fixture, EmulatorOptions.builder().forbidEligibilities(true).build());

    TenantSnapshot snapshot = tenant(emulator).read(fixture.upns(), fixture.anchors());

    assertNull(snapshot.roleEligibilities());
    assertNotNull(snapshot.roleAssignments());
    assertEquals(TenantFixture.targetId(0), snapshot.userByUpn(TenantFixture.upn(0)).id());
  }

  @Test
  void theNaiveBaselineReadsTheSameSnapshotWithOneRequestPerLookup() {
    TenantFixture fixture = new TenantFixture(60, 0);
    TenantEmulator emulator = emulator(fixture, EmulatorOptions.defaults());
    GraphTenant tenant = tenant(emulator);

    TenantSnapshot naive =
        new OneByOneTenant(tenant).read(upnsWithQuote(fixture), fixture.anchors());

    assertCompleteSnapshot(fixture, naive);
    // organization + 61 UPNs + 60 anchors + recycle bin + assignments + eligibilities
    assertEquals(1 + 61 + 60 + 3, emulator.stats().httpRequests());
    assertEquals(naive, tenant(emulator).read(upnsWithQuote(fixture), fixture.anchors()));
  }

  @Test
  void sendsAnchorLookupsAsAdvancedQueriesAndEscapesQuotes() {
    TenantFixture fixture = new TenantFixture(20, 0);
    TenantEmulator emulator = emulator(fixture, EmulatorOptions.defaults());
    GraphTenant tenant = tenant(emulator);

    tenant.read(upnsWithQuote(fixture), fixture.anchors());

    List<ReceivedRequest> items =
        emulator.receivedRequests().stream()
            .filter(ReceivedRequest::batchItem)
            .collect(Collectors.toList());
    assertTrue(
        items.stream().anyMatch(r -> r.url().contains("'o''neil@contoso.com'")),
        "the quote reaches Graph doubled: " + items);
    List<ReceivedRequest> anchorLookups =
        items.stream()
            .filter(r -> r.url().contains("onPremisesImmutableId in ("))
            .collect(Collectors.toList());
    assertEquals(2, anchorLookups.size()); // 20 anchors: 15 + 5
    for (ReceivedRequest r : anchorLookups) {
      assertEquals("eventual", r.header("ConsistencyLevel"));
      assertTrue(r.url().contains("$count=true"), r.url());
      assertTrue(r.url().contains("onPremisesImmutableId"), r.url());
    }
    assertTrue(
        items.stream().anyMatch(r -> r.url().startsWith("/v1.0/directory/deletedItems/")),
        "recycle bin listed: " + items);
  }

  @Test
  void retriesThrottledBatchItemsAndStillReadsEverything() {
    TenantFixture fixture = new TenantFixture(300, 0);
    // The throttle's clock stands still except while the client waits out a Retry-After: the
    // first round finds 30 tokens for more than 30 items however fast or slow the machine is.
    AtomicLong clock = new AtomicLong();
    TenantEmulator emulator =
        emulator(
            fixture,
            EmulatorOptions.builder().throttle("requests=30/1s").throttleClock(clock::get).build());
    List<String> progress = new ArrayList<>();
    GraphTenant tenant =
        tenant(
            emulator,
            GraphTenant.Options.defaults()
                .withProgress(
                    new GraphProgress() {
                      @Override
                      public void stepsDone(int done, int total) {
                        progress.add(done + "/" + total);
                      }

                      @Override
                      public void throttled(int steps, long waitMillis) {
                        progress.add("throttled " + steps);
                        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(waitMillis));
                      }
                    }));

    TenantSnapshot snapshot = tenant.read(upnsWithQuote(fixture), fixture.anchors());

    assertCompleteSnapshot(fixture, snapshot);
    assertTrue(emulator.stats().throttled() > 0, "the emulator throttled some items");
    assertTrue(progress.stream().anyMatch(p -> p.startsWith("throttled ")), progress.toString());
    String last = progress.get(progress.size() - 1);
    assertEquals(last.substring(last.indexOf('/') + 1), last.substring(0, last.indexOf('/')));
  }

  @Test
  void readsSurviveInjectedFaultsAndDroppedConnections() {
    TenantFixture fixture = new TenantFixture(1000, 0);
    TenantEmulator emulator =
        emulator(fixture, EmulatorOptions.builder().faultRate(0.25).seed(3).build());
    // One batch at a time: the emulator's seeded fates then meet the same requests every run.
    GraphTenant tenant = tenant(emulator, GraphTenant.Options.defaults().withConcurrency(1));

    TenantSnapshot snapshot = tenant.read(upnsWithQuote(fixture), fixture.anchors());

    assertCompleteSnapshot(fixture, snapshot);
    assertTrue(emulator.stats().faults() > 0, "the emulator injected faults");
  }

  @Test
  void theDefaultWriteBatchOfThePortSendsOneByOne() {
    TenantFixture fixture = new TenantFixture(4, 0);
    TenantEmulator emulator = emulator(fixture, EmulatorOptions.defaults());
    GraphTenant graph = tenant(emulator);
    Tenant oneByOne = new DelegatingTenant(graph);

    List<WriteOutcome> outcomes =
        oneByOne.writeBatch(
            List.of(
                WriteRequest.deleteUser(TenantFixture.duplicateId(2)),
                WriteRequest.setImmutableId(TenantFixture.targetId(1), TenantFixture.anchor(1))));

    assertTrue(outcomes.get(0).succeeded());
    assertNotNull(outcomes.get(0).requestId());
    assertInstanceOf(AnchorConflictException.class, outcomes.get(1).error());
    assertNotNull(outcomes.get(1).requestId());
    assertTrue(emulatorState(emulator).user(TenantFixture.duplicateId(2)).isEmpty());
  }

  /** A Tenant that only forwards the port's abstract methods, to exercise its defaults. */
  private static final class DelegatingTenant extends ForwardingTenant {
    DelegatingTenant(Tenant inner) {
      super(inner);
    }

    @Override
    public void close() {}
  }

  @Test
  void readsAndWritesSingleObjects() {
    TenantFixture fixture = new TenantFixture(10, 0);
    TenantEmulator emulator = emulator(fixture, EmulatorOptions.defaults());
    GraphTenant tenant = tenant(emulator);

    CloudUser target = tenant.user(TenantFixture.targetId(3)).orElseThrow();
    assertEquals(TenantFixture.upn(3), target.userPrincipalName());
    assertEquals(List.of(TenantFixture.SKU), target.assignedLicenses());
    assertEquals(Optional.empty(), tenant.user(TenantFixture.id("nobody", 0)));
    assertEquals(
        List.of(TenantFixture.duplicateId(2)),
        tenant.holders(TenantFixture.anchor(2)).stream()
            .map(CloudUser::id)
            .collect(Collectors.toList()));

    // delete the duplicate, purge it, link the target: the state shows each step
    String deleteId = tenant.deleteUser(TenantFixture.duplicateId(2));
    assertNotNull(deleteId);
    assertTrue(emulatorState(emulator).user(TenantFixture.duplicateId(2)).isEmpty());
    CloudUser inBin = tenant.deletedUser(TenantFixture.duplicateId(2)).orElseThrow();
    assertEquals(TenantFixture.anchor(2), inBin.onPremisesImmutableId());
    assertNotNull(inBin.deletedDateTime());

    assertNotNull(tenant.purgeDeletedUser(TenantFixture.duplicateId(2)));
    assertTrue(emulatorState(emulator).deletedUser(TenantFixture.duplicateId(2)).isEmpty());
    assertEquals(Optional.empty(), tenant.deletedUser(TenantFixture.duplicateId(2)));

    assertNotNull(tenant.setImmutableId(TenantFixture.targetId(2), TenantFixture.anchor(2)));
    assertEquals(
        TenantFixture.anchor(2),
        emulatorState(emulator)
            .user(TenantFixture.targetId(2))
            .orElseThrow()
            .path("onPremisesImmutableId")
            .asText());
    assertEquals(
        TenantFixture.anchor(2),
        tenant.user(TenantFixture.targetId(2)).orElseThrow().onPremisesImmutableId());
  }

  @Test
  void singleRequestsAreRetriedBySdkHonouringRetryAfterAndCounted() {
    TenantFixture fixture = new TenantFixture(4, 0);
    TenantEmulator emulator =
        emulator(fixture, EmulatorOptions.builder().throttle("requests=1/1s").build());
    GraphTenant tenant = tenant(emulator);

    assertEquals(
        TenantFixture.upn(0),
        tenant.user(TenantFixture.targetId(0)).orElseThrow().userPrincipalName());
    assertEquals(
        TenantFixture.upn(1),
        tenant.user(TenantFixture.targetId(1)).orElseThrow().userPrincipalName());

    Stats stats = emulator.stats();
    assertTrue(stats.throttled() > 0, "the second read met a 429 first");
    assertEquals(stats.httpRequests(), tenant.requestCount(), "retries are counted too");
  }

  @Test
  void reportsAnObjectConflictWithTheHoldingObject() {
    TenantFixture fixture = new TenantFixture(10, 0);
    TenantEmulator emulator = emulator(fixture, EmulatorOptions.defaults());
    GraphTenant tenant = tenant(emulator);

    // anchor 1 is held by a user in the recycle bin: Graph refuses it until the purge
    AnchorConflictException conflict =
        assertThrows(
            AnchorConflictException.class,
            () -> tenant.setImmutableId(TenantFixture.targetId(1), TenantFixture.anchor(1)));
    assertEquals(TenantFixture.deletedHolderId(1), conflict.conflictingObjectId());
    assertNotNull(conflict.requestId());
    assertTrue(conflict.getMessage().contains(conflict.requestId()), conflict.getMessage());
    assertTrue(conflict.getMessage().contains("HTTP 400"), conflict.getMessage());
    assertEquals(1, conflict.exitCode());
    assertEquals(
        "",
        emulatorState(emulator)
            .user(TenantFixture.targetId(1))
            .orElseThrow()
            .path("onPremisesImmutableId")
            .asText(""),
        "the target keeps no anchor");
  }

  @Test
  void explainsARefusedWriteOnASyncedUserWithCodeAndRequestId() {
    TenantFixture fixture = new TenantFixture(2, 0);
    TenantEmulator emulator = emulator(fixture, EmulatorOptions.defaults());
    GraphTenant tenant = tenant(emulator);

    HardmatchException e =
        assertThrows(
            HardmatchException.class,
            () -> tenant.setImmutableId(TenantFixture.SYNCED_ID, TenantFixture.anchor(99)));
    assertFalse(e instanceof AnchorConflictException);
    assertEquals(HardmatchException.Code.GRAPH, e.code());
    assertTrue(e.getMessage().contains("HTTP 400 Request_BadRequest"), e.getMessage());
    assertTrue(e.getMessage().contains("on-premises mastered"), e.getMessage());
    assertTrue(e.getMessage().contains("request-id "), e.getMessage());
    assertFalse(e.getMessage().contains("request-id none"), e.getMessage());
    assertTrue(e.fix().contains("synced from on-premises"), e.fix());
    assertFalse(e.getMessage().contains(emulator.token()));
  }

  @Test
  void errorsCarryGraphsCodeAndRequestIdButNeverTheToken() {
    TenantFixture fixture = new TenantFixture(2, 0);
    TenantEmulator emulator = emulator(fixture, EmulatorOptions.defaults());
    GraphTenant tenant = tenant(emulator);

    HardmatchException missing =
        assertThrows(
            HardmatchException.class, () -> tenant.deleteUser(TenantFixture.id("nobody", 1)));
    assertTrue(missing.getMessage().contains("HTTP 404"), missing.getMessage());
    assertTrue(missing.getMessage().contains("Request_ResourceNotFound"), missing.getMessage());
    assertFalse(missing.getMessage().contains("request-id none"), missing.getMessage());

    String wrongToken = "wrong-token-0815";
    try (GraphTenant stranger =
        GraphTenant.open(
            new TenantSpec(TenantFixture.TENANT_ID, emulator.graphUrl().toString()),
            GraphAuth.DEFAULT,
            Map.of(GraphTenant.TOKEN_ENV, wrongToken))) {
      HardmatchException refused =
          assertThrows(
              HardmatchException.class, () -> stranger.read(List.of("a@contoso.com"), List.of()));
      assertTrue(refused.getMessage().contains("HTTP 401"), refused.getMessage());
      assertFalse(refused.getMessage().contains("request-id none"), refused.getMessage());
      assertFalse(refused.getMessage().contains(wrongToken));
      assertFalse(String.valueOf(refused.fix()).contains(wrongToken));
    }
  }

  @Test
  void batchedWritesStayUnderTheQuota() {
    TenantFixture fixture = new TenantFixture(80, 0);
    TenantEmulator emulator =
        emulator(fixture, EmulatorOptions.builder().throttle("writes=30/2s").build());
    GraphTenant tenant =
        tenant(
            emulator,
            GraphTenant.Options.defaults()
                .withWriteQuota(new WriteQuota(30, Duration.ofSeconds(2))));

    List<WriteRequest> writes = new ArrayList<>();
    for (int i = 0; i < 80; i += 2) {
      writes.add(WriteRequest.deleteUser(TenantFixture.duplicateId(i)));
      writes.add(WriteRequest.setImmutableId(TenantFixture.targetId(i + 1), fresh(i)));
    }
    List<WriteOutcome> outcomes = tenant.writeBatch(writes);

    assertEquals(writes.size(), outcomes.size());
    for (WriteOutcome o : outcomes) {
      assertTrue(o.succeeded(), () -> o.request().describe() + ": " + o.error().getMessage());
      assertEquals(204, o.status());
      assertNotNull(o.requestId());
    }
    assertEquals(0, emulator.stats().throttled(), "paced writes never meet a 429");
    assertWritesApplied(emulator);
  }

  @Test
  void batchedWritesFinishUnderThrottling() {
    TenantFixture fixture = new TenantFixture(80, 0);
    TenantEmulator emulator =
        emulator(fixture, EmulatorOptions.builder().throttle("writes=10/1s").build());
    GraphTenant tenant =
        tenant(
            emulator,
            GraphTenant.Options.defaults()
                .withWriteQuota(new WriteQuota(1000, Duration.ofSeconds(1))));

    List<WriteRequest> writes = new ArrayList<>();
    for (int i = 0; i < 80; i += 2) {
      writes.add(WriteRequest.deleteUser(TenantFixture.duplicateId(i)));
      writes.add(WriteRequest.setImmutableId(TenantFixture.targetId(i + 1), fresh(i)));
    }
    List<WriteOutcome> outcomes = tenant.writeBatch(writes);

    assertTrue(outcomes.stream().allMatch(WriteOutcome::succeeded));
    assertTrue(emulator.stats().throttled() > 0, "the emulator throttled some writes");
    assertWritesApplied(emulator);
  }

  @Test
  void batchedWritesReportEachRefusalWithoutStoppingTheOthers() {
    TenantFixture fixture = new TenantFixture(4, 0);
    TenantEmulator emulator = emulator(fixture, EmulatorOptions.defaults());
    GraphTenant tenant = tenant(emulator);

    List<WriteOutcome> outcomes =
        tenant.writeBatch(
            List.of(
                WriteRequest.setImmutableId(TenantFixture.targetId(1), TenantFixture.anchor(1)),
                WriteRequest.deleteUser(TenantFixture.id("nobody", 2)),
                WriteRequest.setImmutableId(TenantFixture.targetId(3), fresh(3))));

    AnchorConflictException conflict =
        assertInstanceOf(AnchorConflictException.class, outcomes.get(0).error());
    assertEquals(TenantFixture.deletedHolderId(1), conflict.conflictingObjectId());
    assertTrue(outcomes.get(1).notFound());
    assertTrue(outcomes.get(1).error().getMessage().contains("HTTP 404"));
    assertTrue(outcomes.get(2).succeeded());
    assertNull(outcomes.get(2).error());
    assertEquals(
        fresh(3),
        emulatorState(emulator)
            .user(TenantFixture.targetId(3))
            .orElseThrow()
            .path("onPremisesImmutableId")
            .asText());
  }

  private static String fresh(int i) {
    return TenantFixture.anchor(100_000 + i);
  }

  private static void assertWritesApplied(TenantEmulator emulator) {
    TenantState state = emulatorState(emulator);
    for (int i = 0; i < 80; i += 2) {
      assertTrue(state.user(TenantFixture.duplicateId(i)).isEmpty(), "duplicate " + i + " gone");
      assertTrue(state.deletedUser(TenantFixture.duplicateId(i)).isPresent());
      assertEquals(
          fresh(i),
          state
              .user(TenantFixture.targetId(i + 1))
              .orElseThrow()
              .path("onPremisesImmutableId")
              .asText());
    }
  }

  private static TenantState emulatorState(TenantEmulator emulator) {
    return emulator.state();
  }
}
