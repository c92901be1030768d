package dev.hardmatch.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.anchor.Anchor;
import dev.hardmatch.directory.AdUser;
import dev.hardmatch.directory.DirectorySnapshot;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.CloudUser;
import dev.hardmatch.tenant.TenantSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Behaviour of the planner that reads better as assertions than as golden files. */
class PlannerTest {
  private static final List<String> DESIGN_ORDER =
      List.of("deleteUser", "purgeDeletedUser", "setImmutableId", "setAdUpn");

  @Test
  void everyProblemCodeOfTheDesignHasAGoldenCase() throws Exception {
    Set<ProblemCode> seen = new TreeSet<>();
    for (String c : PlannerGoldenTest.cases().toList()) {
      Path f = PlannerGoldenTest.CASES.resolve(c).resolve("expected.problems.json");
      if (Files.exists(f)) {
        PlannerGoldenTest.plan(c).problems().forEach(p -> seen.add(p.code()));
      }
    }
    Set<ProblemCode> design =
        new TreeSet<>(
            List.of(
                ProblemCode.AD_USER_NOT_FOUND,
                ProblemCode.AD_USER_AMBIGUOUS,
                ProblemCode.TARGET_NOT_FOUND,
                ProblemCode.TARGET_DELETED,
                ProblemCode.TARGET_SYNCED_ELSEWHERE,
                ProblemCode.TARGET_ANCHORED_ELSEWHERE,
                ProblemCode.TARGET_PRIVILEGED,
                ProblemCode.DUPLICATE_LICENSED,
                ProblemCode.DUPLICATE_PROTECTED,
                ProblemCode.DUPLICATE_CLOUD_ONLY,
                ProblemCode.DUPLICATES_DISABLED,
                ProblemCode.PURGE_DISABLED,
                ProblemCode.AD_UPN_MISMATCH,
                ProblemCode.HOLDER_IS_TARGET,
                ProblemCode.MAX_DELETES_EXCEEDED,
                ProblemCode.WRONG_TENANT,
                ProblemCode.UPN_DOMAIN_NOT_VERIFIED));
    design.removeAll(seen);
    assertEquals(Set.of(), design, "codes without a golden case");
  }

  @Test
  void planningIsPureSameInputsSamePlan() throws Exception {
    Path dir = PlannerGoldenTest.CASES.resolve("multi-link-mixed");
    LinksFile links = Fixtures.links(dir.resolve("links.yaml"));
    DirectorySnapshot ad = Fixtures.directory(dir.resolve("ad.ldif"), links);
    TenantSnapshot tenant = Fixtures.tenant(dir.resolve("tenant.json"), links, ad);
    PlanResult first = Planner.plan(links, ad, tenant);
    PlanResult second = Planner.plan(links, ad, tenant);
    assertEquals(first, second);
    assertEquals(PlanFile.write(first.plan()), PlanFile.write(second.plan()));
    assertNull(first.plan().digest(), "the planner leaves sealing to PlanFile.finish");
    assertNull(first.plan().createdAt(), "the planner has no clock");
  }

  @Test
  void actionsOfEachLinkComeInTheDesignOrder() throws Exception {
    Plan plan = PlannerGoldenTest.plan("multi-link-mixed").plan();
    for (LinkPlan l : plan.links()) {
      List<Integer> order = new ArrayList<>();
      l.actions().forEach(a -> order.add(DESIGN_ORDER.indexOf(a.type())));
      List<Integer> sorted = new ArrayList<>(order);
      sorted.sort(null);
      assertEquals(sorted, order, l.sam());
      assertEquals(l.actions().isEmpty() ? "unchanged" : "change", l.status().text());
    }
    assertEquals(
        List.of("johns", "maryk", "peterp", "annaw", "lisat", "omarh"),
        plan.links().stream().map(LinkPlan::sam).toList(),
        "links stay in file order");
  }

  @Test
  void eachActionExpectsTheFactsItReliesOn() throws Exception {
    LinkPlan l = PlannerGoldenTest.plan("duplicate-deleted-and-purged").plan().links().get(0);
    DeleteUser delete = (DeleteUser) l.actions().get(0);
    PurgeDeletedUser purge = (PurgeDeletedUser) l.actions().get(1);
    SetImmutableId set = (SetImmutableId) l.actions().get(2);
    String anchor = l.anchor().immutableId();

    assertEquals(delete.objectId(), delete.expect().objectId());
    assertEquals("john.smith1234@contoso.onmicrosoft.com", delete.expect().userPrincipalName());
    assertEquals(anchor, delete.expect().onPremisesImmutableId());
    assertEquals(Boolean.TRUE, delete.expect().onPremisesSyncEnabled());
    assertEquals(List.of(), delete.expect().assignedLicenses());
    assertEquals(false, delete.expect().deleted());
    assertEquals(delete.objectId(), purge.objectId(), "the purge frees what the delete removed");

    assertEquals("john.smith@contoso.com", set.userPrincipalName());
    assertNull(set.from());
    assertEquals(anchor, set.to());
    assertNull(set.expect().onPremisesImmutableId());
    assertEquals(set.objectId(), set.expect().objectId());
  }

  @Test
  void consistencyGuidWinsOverObjectGuidUnlessObjectGuidIsConfigured() throws Exception {
    LinkPlan.AnchorRef auto =
        PlannerGoldenTest.plan("consistency-guid-wins").plan().links().get(0).anchor();
    assertEquals("mS-DS-ConsistencyGuid", auto.attribute());
    assertEquals("00000001-cccc-4ddd-8eee-000000000001", auto.guid());
    // .NET ToByteArray order, not UUID's big-endian bytes.
    assertEquals(Anchor.fromGuid(auto.guid()).immutableId(), auto.immutableId());
    assertEquals("AQAAAMzM3U2O7gAAAAAAAQ==", auto.immutableId());

    LinkPlan.AnchorRef forced =
        PlannerGoldenTest.plan("source-anchor-objectguid").plan().links().get(0).anchor();
    assertEquals("objectGUID", forced.attribute());
    assertEquals("AQAAAKqqu0uMzAAAAAAAAQ==", forced.immutableId());
  }

  @Test
  void consistencyGuidConfiguredButEmptyFallsBackToObjectGuidWithAWarning() throws Exception {
    Path dir = PlannerGoldenTest.CASES.resolve("duplicate-deleted-and-purged");
    LinksFile l = Fixtures.links(dir.resolve("links.yaml"));
    LinksFile.DirectorySpec d = l.directory();
    LinksFile links =
        new LinksFile(
            l.path(),
            l.sha256(),
            l.version(),
            l.tenant(),
            new LinksFile.DirectorySpec(
                d.url(),
                d.startTls(),
                d.caFile(),
                d.baseDn(),
                d.bind(),
                LinksFile.SourceAnchor.CONSISTENCY_GUID),
            l.policy(),
            l.links());
    DirectorySnapshot ad = Fixtures.directory(dir.resolve("ad.ldif"), links);
    LinkPlan lp =
        Planner.plan(links, ad, Fixtures.tenant(dir.resolve("tenant.json"), links, ad))
            .plan()
            .links()
            .get(0);
    assertEquals("objectGUID", lp.anchor().attribute());
    assertTrue(
        lp.warnings().get(0).contains("mS-DS-ConsistencyGuid is not set"),
        lp.warnings().toString());
  }

  @Test
  void listsEveryProblemOfEveryLinkInFileOrder() throws Exception {
    List<Problem> problems = PlannerGoldenTest.plan("multi-link-problems").problems();
    assertEquals(
        List.of(
            "johns DUPLICATE_CLOUD_ONLY",
            "johns DUPLICATE_LICENSED",
            "maryk TARGET_PRIVILEGED",
            "ghost AD_USER_NOT_FOUND",
            "ghost TARGET_NOT_FOUND",
            "peterp TARGET_ANCHORED_ELSEWHERE",
            "peterp AD_UPN_MISMATCH"),
        problems.stream().map(p -> p.sam() + " " + p.code()).toList());
  }

  @Test
  void replaceAnchorWithTheWrongValueSaysWhatTheValueIs() throws Exception {
    Problem p = PlannerGoldenTest.plan("replace-anchor-wrong").problems().get(0);
    assertEquals(ProblemCode.TARGET_ANCHORED_ELSEWHERE, p.code());
    assertTrue(
        p.message()
            .contains(
                "replaceAnchor is TgAAAKqqu0uMzAAAAAAATg== but the account holds"
                    + " TQAAAKqqu0uMzAAAAAAATQ=="),
        p.message());
    SetImmutableId set =
        (SetImmutableId)
            PlannerGoldenTest.plan("replace-anchor-right").plan().links().get(0).actions().get(0);
    assertEquals("TQAAAKqqu0uMzAAAAAAATQ==", set.from());
    assertEquals("AQAAAKqqu0uMzAAAAAAAAQ==", set.to());
  }

  @Test
  void aWrongTenantIsTheOnlyProblemReported() throws Exception {
    List<Problem> problems = PlannerGoldenTest.plan("wrong-tenant").problems();
    assertEquals(1, problems.size());
    assertEquals(ProblemCode.WRONG_TENANT, problems.get(0).code());
  }

  // Like google-java-format's idempotency test: after apply and a sync, planning again is empty.
  @Test
  void planningAgainAfterApplyAndSyncHasNothingLeftToDo() throws Exception {
    int checked = 0;
    for (String c : PlannerGoldenTest.cases().toList()) {
      Path dir = PlannerGoldenTest.CASES.resolve(c);
      if (!Files.exists(dir.resolve("expected.plan.json"))) {
        continue;
      }
      LinksFile links = Fixtures.links(dir.resolve("links.yaml"));
      DirectorySnapshot ad = Fixtures.directory(dir.resolve("ad.ldif"), links);
      TenantSnapshot tenant = Fixtures.tenant(dir.resolve("tenant.json"), links, ad);
      Plan plan = Planner.plan(links, ad, tenant).plan();

      Map<String, CloudUser> byUpn = new HashMap<>(tenant.usersByUpn());
      Map<String, List<CloudUser>> holders = new HashMap<>();
      List<CloudUser> recycleBin = new ArrayList<>(tenant.deletedUsers());
      Map<String, List<AdUser>> bySam = new HashMap<>(ad.usersBySam());
      for (LinkPlan l : plan.links()) {
        for (Action a : l.actions()) {
          if (a instanceof PurgeDeletedUser p) {
            recycleBin.removeIf(u -> u.id().equals(p.objectId()));
          } else if (a instanceof SetAdUpn u) {
            AdUser x = bySam.get(l.sam().toLowerCase(Locale.ROOT)).get(0);
            bySam.put(
                l.sam().toLowerCase(Locale.ROOT),
                List.of(
                    new AdUser(
                        x.dn(),
                        x.samAccountName(),
                        u.to(),
                        x.objectGuid(),
                        x.consistencyGuid(),
                        x.displayName(),
                        x.givenName(),
                        x.surname(),
                        x.mail(),
                        x.proxyAddresses(),
                        x.userAccountControl())));
          }
        }
        // The sync that follows takes the target over (a deleted duplicate is simply gone).
        String key = l.upn().toLowerCase(Locale.ROOT);
        CloudUser t = byUpn.get(key);
        CloudUser synced =
            new CloudUser(
                t.id(),
                t.userPrincipalName(),
                t.displayName(),
                t.givenName(),
                t.surname(),
                t.mail(),
                t.proxyAddresses(),
                t.accountEnabled(),
                l.anchor().immutableId(),
                true,
                t.assignedLicenses(),
                null);
        byUpn.put(key, synced);
        holders.put(l.anchor().immutableId(), List.of(synced));
      }
      PlanResult again =
          Planner.plan(
              links,
              new DirectorySnapshot(ad.url(), ad.baseDn(), bySam),
              new TenantSnapshot(
                  tenant.organization(),
                  byUpn,
                  holders,
                  recycleBin,
                  tenant.roleAssignments(),
                  tenant.roleEligibilities()));
      assertTrue(again.ok(), c + ": " + again.problems());
      assertEquals(
          "No changes. "
              + plan.links().size()
              + " link"
              + (plan.links().size() == 1 ? "" : "s")
              + " already linked.",
          TextRenderer.summaryLine(again.plan().summary()),
          c);
      assertTrue(again.plan().links().stream().allMatch(LinkPlan::synced), c);
      checked++;
    }
    assertTrue(checked >= 10, "only " + checked + " planned cases");
  }

  @Test
  void aConsistencyGuidThatIsNot16BytesIsAProblemNotACrash() throws Exception {
    Path dir = PlannerGoldenTest.CASES.resolve("consistency-guid-wins");
    LinksFile links = Fixtures.links(dir.resolve("links.yaml"));
    DirectorySnapshot ad = Fixtures.directory(dir.resolve("ad.ldif"), links);
    AdUser x = ad.find("johns").get(0);
    AdUser broken =
        new AdUser(
            x.dn(),
            x.samAccountName(),
            x.userPrincipalName(),
            x.objectGuid(),
            new byte[] {1, 2, 3, 4},
            x.displayName(),
            x.givenName(),
            x.surname(),
            x.mail(),
            x.proxyAddresses(),
            x.userAccountControl());
    DirectorySnapshot brokenAd =
        new DirectorySnapshot(ad.url(), ad.baseDn(), Map.of("johns", List.of(broken)));
    PlanResult r =
        Planner.plan(links, brokenAd, Fixtures.tenant(dir.resolve("tenant.json"), links, brokenAd));
    assertEquals(
        List.of(ProblemCode.AD_ANCHOR_INVALID), r.problems().stream().map(Problem::code).toList());
    assertTrue(r.problems().get(0).message().contains("has 4 bytes, an anchor has 16"));
  }
}
