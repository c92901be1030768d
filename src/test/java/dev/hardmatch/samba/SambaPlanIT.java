package dev.hardmatch.samba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Filter;
import dev.hardmatch.anchor.Anchor;
import dev.hardmatch.plan.DeleteUser;
import dev.hardmatch.plan.LinkPlan;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PlanFile;
import dev.hardmatch.plan.SetAdUpn;
import dev.hardmatch.plan.SetImmutableId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hardmatch plan} as a user runs it, with {@code directory} pointing at the real DC over
 * LDAPS and {@code tenant} at the sandbox's Graph emulator: the anchors in the plan are the DC's
 * own GUIDs (or mS-DS-ConsistencyGuid), the sync-created duplicate holding one is deleted and
 * purged, a differing AD UPN is rewritten, and the AD password is nowhere.
 */
@Tag("samba")
@ExtendWith(SambaDcExtension.class)
class SambaPlanIT {
  static final String JOHN = "00000000-0000-4000-8000-000000000201";
  static final String JOHN_DUPLICATE = "00000000-0000-4000-8000-000000000202";
  static final String MARY = "00000000-0000-4000-8000-000000000203";
  static final String PETER = "00000000-0000-4000-8000-000000000204";
  static final ObjectMapper JSON = Scenario.JSON;
  static final String POLICY =
      "policy: { deleteDuplicates: true, purgeDeleted: true, maxDeletes: 5 }\n";

  private static SambaDc dc;
  private static Seed seed;
  private static Map<String, String> serverGuids;

  @TempDir Path dir;
  Scenario scenario;

  @BeforeAll
  static void seed(SambaDc sambaDc) {
    dc = sambaDc;
    seed = dc.seed();
    serverGuids = dc.guidStrings(seed.ouDn(), Filter.createEqualityFilter("objectClass", "user"));
  }

  static String objectGuidAnchor(String sam) {
    return Anchor.fromGuid(serverGuids.get(sam.toLowerCase(Locale.ROOT))).immutableId();
  }

  @BeforeEach
  void startTenant() {
    scenario =
        new Scenario(
            dc,
            dir,
            users -> {
              Scenario.cloudUser(users, JOHN, "john.smith@contoso.com", "John Smith");
              // What sync made of smith(j) before the hard match: a duplicate holding its anchor.
              Scenario.cloudUser(
                      users, JOHN_DUPLICATE, "john.smith1234@contoso.onmicrosoft.com", "John Smith")
                  .put("onPremisesImmutableId", objectGuidAnchor(Seed.PARENTHESES))
                  .put("onPremisesSyncEnabled", true);
              Scenario.cloudUser(users, MARY, "mary.king@contoso.com", "Mary King");
              Scenario.cloudUser(users, PETER, "peter.jones@contoso.com", "Peter Jones");
            });
  }

  @AfterEach
  void stopTenant() {
    scenario.close();
  }

  private void links(String linkLines) {
    scenario.links(POLICY, linkLines);
  }

  private static LinkPlan link(Plan plan, String sam) {
    for (LinkPlan l : plan.links()) {
      if (l.sam().equals(sam)) {
        return l;
      }
    }
    throw new AssertionError("no link for " + sam + " in " + plan);
  }

  private static List<String> actionTypes(LinkPlan link) {
    List<String> types = new ArrayList<>();
    link.actions().forEach(a -> types.add(a.type()));
    return types;
  }

  @Test
  void planAgainstTheRealDcUsesItsGuidsAndChangesNothing() throws Exception {
    links(
        "  - { sam: \"smith(j)\", upn: john.smith@contoso.com }\n"
            + "  - { sam: mary.king, upn: mary.king@contoso.com }\n"
            + "  - { sam: p.jones, upn: peter.jones@contoso.com, adUpn: match }\n");
    String tenantBefore = scenario.tenant().state().toJson();

    Scenario.Run run =
        scenario.hardmatch("plan", "links.yaml", "-o", "samba.plan.json", "--format", "json");
    assertEquals(0, run.exit(), run.all());
    Path planFile = dir.resolve("samba.plan.json");
    // The plan as hardmatch reads it back (plan format 2 derives the GUID form and the defaults).
    Plan plan = PlanFile.read(planFile);
    assertEquals(JSON.readTree(run.out()).path("digest").asText(), plan.digest());
    assertEquals(dc.ldapsUrl(), plan.directory().url());

    // objectGUID, as the DC's extended DN spells it, in .NET byte order.
    LinkPlan john = link(plan, Seed.PARENTHESES);
    String johnGuid = serverGuids.get(Seed.PARENTHESES);
    assertEquals("objectGUID", john.anchor().attribute());
    assertEquals(johnGuid, john.anchor().guid());
    assertEquals(Anchor.fromGuid(johnGuid).immutableId(), john.anchor().immutableId());
    assertEquals(List.of("deleteUser", "purgeDeletedUser", "setImmutableId"), actionTypes(john));
    assertEquals(JOHN_DUPLICATE, ((DeleteUser) john.actions().get(0)).objectId());
    SetImmutableId johnSet = (SetImmutableId) john.actions().get(2);
    assertEquals(JOHN, johnSet.objectId());
    assertEquals(Anchor.fromGuid(johnGuid).immutableId(), johnSet.to());

    // mS-DS-ConsistencyGuid wins over objectGUID.
    LinkPlan mary = link(plan, Seed.CONSISTENCY);
    assertEquals("mS-DS-ConsistencyGuid", mary.anchor().attribute());
    String maryAnchor = Anchor.ofBytes(seed.user(Seed.CONSISTENCY).consistencyGuid()).immutableId();
    assertEquals(maryAnchor, mary.anchor().immutableId());
    assertFalse(maryAnchor.equals(objectGuidAnchor(Seed.CONSISTENCY)));
    assertEquals(List.of("setImmutableId"), actionTypes(mary));

    // The AD UPN differs from the cloud one: adUpn: match plans its rewrite on the real DN.
    LinkPlan peter = link(plan, Seed.PLAN_UPN_DIFFERS);
    assertEquals(List.of("setImmutableId", "setAdUpn"), actionTypes(peter));
    SetAdUpn setAdUpn = (SetAdUpn) peter.actions().get(1);
    assertTrue(
        seed.user(Seed.PLAN_UPN_DIFFERS).dn().equalsIgnoreCase(setAdUpn.dn()), setAdUpn.toString());
    assertEquals("p.jones@hardmatch.test", setAdUpn.from());
    assertEquals("peter.jones@contoso.com", setAdUpn.to());

    // A plan only reads: the tenant and the AD user are as they were.
    assertEquals(tenantBefore, scenario.tenant().state().toJson());
    assertEquals(
        "p.jones@hardmatch.test", dc.userPrincipalName(seed.user(Seed.PLAN_UPN_DIFFERS).dn()));
    assertFalse(run.all().contains(dc.bindPassword()), "password printed");
    assertFalse(Files.readString(planFile).contains(dc.bindPassword()), "password in the plan");
  }

  @Test
  void aLinkToAUserMissingFromTheDcIsAProblemAndWritesNoPlan() throws Exception {
    links(
        "  - { sam: \"smith(j)\", upn: john.smith@contoso.com }\n"
            + "  - { sam: \"nobody(x)\", upn: mary.king@contoso.com }\n");
    Scenario.Run run = scenario.hardmatch("plan", "links.yaml", "-o", "p.plan.json");
    assertEquals(1, run.exit(), run.all());
    assertTrue(run.err().contains("AD_USER_NOT_FOUND"), run.err());
    assertTrue(run.err().contains("nobody(x)"), run.err());
    assertFalse(Files.exists(dir.resolve("p.plan.json")));
    assertFalse(run.all().contains(dc.bindPassword()), "password printed");
  }
}
