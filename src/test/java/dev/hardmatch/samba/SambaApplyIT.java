package dev.hardmatch.samba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Filter;
import dev.hardmatch.anchor.Anchor;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PlanFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hardmatch apply} of a reviewed plan (committed in a git repository) with {@code adUpn:
 * match}: the real DC's userPrincipalName is rewritten, the cloud account gets the DC's anchor,
 * applying again changes nothing, and the AD password is in no output, plan or journal.
 */
@Tag("samba")
@ExtendWith(SambaDcExtension.class)
class SambaApplyIT {
  static final String ALEX = "00000000-0000-4000-8000-000000000301";
  static final String PLAN = "plans/alex.plan.json";

  private static SambaDc dc;
  private static Seed seed;
  private static String alexGuid;

  @TempDir Path dir;
  Scenario scenario;

  @BeforeAll
  static void seed(SambaDc sambaDc) {
    dc = sambaDc;
    seed = dc.seed();
    alexGuid =
        dc.guidStrings(
                seed.ouDn(), Filter.createEqualityFilter("sAMAccountName", Seed.APPLY_UPN_DIFFERS))
            .get(Seed.APPLY_UPN_DIFFERS.toLowerCase(Locale.ROOT));
  }

  @BeforeEach
  void start() {
    scenario =
        new Scenario(
            dc,
            dir,
            users -> Scenario.cloudUser(users, ALEX, "alex.user@contoso.com", "Alex User"));
  }

  @AfterEach
  void stop() {
    scenario.close();
  }

  @Test
  void applyRewritesTheRealUpnAndASecondApplyIsANoOp() throws Exception {
    String dn = seed.user(Seed.APPLY_UPN_DIFFERS).dn();
    assertEquals("a.user@hardmatch.test", dc.userPrincipalName(dn));
    scenario.links(
        "",
        "  - { sam: " + Seed.APPLY_UPN_DIFFERS + ", upn: alex.user@contoso.com, adUpn: match }\n");
    Files.createDirectories(dir.resolve("plans"));
    Scenario.Run plan = scenario.hardmatch("plan", "links.yaml", "-o", PLAN);
    assertEquals(0, plan.exit(), plan.toString());
    Plan planned = PlanFile.read(dir.resolve(PLAN));
    assertEquals(1, planned.summary().setAdUpn(), planned.toString());

    // Reviewed and merged: the plan and its links file are committed.
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern("links.yaml").addFilepattern(PLAN).call();
      PersonIdent reviewer = new PersonIdent("Reviewer", "reviewer@example.com");
      git.commit()
          .setMessage("Plan: link a.user")
          .setAuthor(reviewer)
          .setCommitter(reviewer)
          .call();
    }

    Scenario.Run first = scenario.hardmatch("apply", PLAN);
    assertEquals(0, first.exit(), first.toString());
    assertEquals("alex.user@contoso.com", dc.userPrincipalName(dn));
    String anchor = Anchor.fromGuid(alexGuid).immutableId();
    assertEquals(
        anchor,
        scenario.tenant().state().user(ALEX).orElseThrow().path("onPremisesImmutableId").asText());
    assertTrue(first.out().contains("Applied 1, already done 0, failed 0"), first.toString());

    String usnAfterFirst = dc.attribute(dn, "uSNChanged");
    String tenantAfterFirst = scenario.tenant().state().toJson();
    Scenario.Run second = scenario.hardmatch("apply", PLAN);
    assertEquals(0, second.exit(), second.toString());
    assertTrue(second.out().contains("Applied 0, already done 1, failed 0"), second.toString());
    // Nothing written the second time: not the AD entry, not the tenant.
    assertEquals(usnAfterFirst, dc.attribute(dn, "uSNChanged"));
    assertEquals("alex.user@contoso.com", dc.userPrincipalName(dn));
    assertEquals(tenantAfterFirst, scenario.tenant().state().toJson());

    String password = dc.bindPassword();
    Path journal = dir.resolve(PLAN + ".journal.jsonl");
    assertTrue(Files.size(journal) > 0, "journal written");
    for (String text :
        new String[] {
          plan.all(),
          first.all(),
          second.all(),
          Files.readString(dir.resolve(PLAN)),
          Files.readString(journal),
          Files.readString(dir.resolve("links.yaml"))
        }) {
      assertFalse(text.contains(password), "the AD password appears in: " + text);
    }
  }
}
