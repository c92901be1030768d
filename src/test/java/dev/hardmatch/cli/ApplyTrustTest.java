package dev.hardmatch.cli;

import static dev.hardmatch.cli.ApplySandbox.MAIN_LINKS;
import static dev.hardmatch.cli.ApplySandbox.MARY;
import static dev.hardmatch.cli.ApplySandbox.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.apply.PlanLock;
import dev.hardmatch.plan.Action;
import dev.hardmatch.plan.DeleteUser;
import dev.hardmatch.plan.LinkPlan;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PlanFile;
import dev.hardmatch.plan.SetImmutableId;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What apply trusts (issue 15): the bytes it checks are the bytes it uses, a refusal is never
 * hidden behind a connection, nothing is created before every gate passed, and every action must be
 * one the planner would produce now. Real git, both sandboxes, the CLI in-process.
 */
class ApplyTrustTest {
  @TempDir Path dir;
  private ApplySandbox box;

  private ApplySandbox start() {
    box = ApplySandbox.start(dir, "main").links(MAIN_LINKS);
    return box;
  }

  @AfterEach
  void stop() {
    if (box != null) {
      box.close();
    }
  }

  private CliResult refused(String code, String... extra) {
    String before = box.snapshot();
    List<String> args = new ArrayList<>(List.of("apply", PLAN));
    args.addAll(List.of(extra));
    CliResult run = box.cli(args.toArray(String[]::new));
    assertEquals(3, run.exit(), run.toString());
    assertTrue(run.err().contains("refused[" + code + "]"), run.toString());
    assertEquals(before, box.snapshot(), "a refused apply changes nothing");
    assertFalse(Files.exists(box.path(PLAN + ".lock")), "a refused apply leaves no lock");
    assertFalse(Files.exists(box.path(PLAN + ".journal.jsonl")), "nor a journal");
    return run;
  }

  /** Rewrites the plan with a recomputed digest, as someone who can commit could. */
  private void craft(UnaryOperator<Plan> edit) {
    Plan p = edit.apply(PlanFile.read(box.path(PLAN)));
    PlanFile.write(p.withDigest(PlanFile.digest(p)), box.path(PLAN));
  }

  private static Plan withLinks(Plan p, List<LinkPlan> links, Plan.Summary summary) {
    return new Plan(
        p.formatVersion(),
        p.digest(),
        p.createdAt(),
        p.toolVersion(),
        p.source(),
        p.tenant(),
        p.directory(),
        summary,
        links);
  }

  private static LinkPlan withActions(LinkPlan l, LinkPlan.Status status, List<Action> actions) {
    return new LinkPlan(
        l.sam(), l.upn(), status, l.anchor(), l.synced(), actions, l.warnings(), l.syncImpact());
  }

  private void git(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", box.repo.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, cmd + ": " + out);
  }

  // 2. A committed symlink: git holds the link, apply would read its uncommitted target.
  @Test
  void refusesALinksFileThatIsACommittedSymlink() throws Exception {
    start().plan();
    Files.move(box.path("links.yaml"), box.path("real-links.yaml"));
    Files.createSymbolicLink(box.path("links.yaml"), Path.of("real-links.yaml"));
    box.commit("the links file as a link", "links.yaml", PLAN); // the link, not its target
    CliResult run = refused("NOT_COMMITTED");
    assertTrue(run.err().contains("links file links.yaml: is a symbolic link"), run.toString());
    CliResult plan = box.cli("plan", "links.yaml");
    assertEquals(65, plan.exit(), plan.toString());
    assertTrue(plan.err().contains("links.yaml is a symbolic link"), plan.toString());
  }

  @Test
  void refusesAPlanThatIsASymlink() throws Exception {
    start().planAndCommit();
    Files.move(box.path(PLAN), box.path("plans/elsewhere.json"));
    Files.createSymbolicLink(box.path(PLAN), Path.of("elsewhere.json"));
    CliResult run = refused("NOT_COMMITTED");
    assertTrue(run.err().contains("is a symbolic link"), run.toString());
  }

  // 3. Index flags make git status clean; the bytes still differ from HEAD.
  @ParameterizedTest
  @ValueSource(strings = {"--assume-unchanged", "--skip-worktree"})
  void indexFlagsDoNotHideAnEditedPlan(String flag) throws Exception {
    start().planAndCommit();
    git("update-index", flag, PLAN);
    craft(p -> p.withCreatedAt("2999-01-01T00:00:00Z", p.toolVersion()));
    CliResult run = refused("NOT_COMMITTED");
    assertTrue(run.err().contains("differs from its committed version at HEAD"), run.toString());
  }

  // 5. LDAP on another host: the git gate cannot be skipped even with Graph on loopback.
  @Test
  void skipGitCheckNeedsALoopbackDirectoryToo() {
    start().plan();
    box.write(
        "links.yaml",
        box.read("links.yaml")
            .replace(box.ad.ldapUrl(), "ldaps://dc01.corp.example.com")
            .replace("ldap://", "ldaps://"));
    CliResult run = refused("GIT_CHECK_REQUIRED", "--skip-git-check");
    assertTrue(run.err().contains("ldaps://dc01.corp.example.com"), run.toString());
  }

  // 6. Graph down and a tampered plan: the refusal, not "cannot reach Graph".
  @Test
  void aTamperedPlanIsRefusedEvenWhenGraphIsDown() {
    start().planAndCommit();
    box.write(PLAN, box.read(PLAN).replace(MARY, MARY.replace('a', 'b')));
    box.tenant.close();
    CliResult run = box.cli("apply", PLAN);
    assertEquals(3, run.exit(), run.toString());
    assertTrue(run.err().contains("refused[TAMPERED]"), run.toString());
    assertFalse(Files.exists(box.path(PLAN + ".lock")), run.toString());
  }

  // 6. An edited, uncommitted links file naming another AD: refused before anything connects
  // there, so the bind password never reaches it.
  @Test
  void anEditedLinksFileIsRefusedBeforeBindingToTheDirectoryItNames() throws Exception {
    start().planAndCommit();
    try (ServerSocket rogue = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      box.write(
          "links.yaml",
          box.read("links.yaml")
              .replace(box.ad.ldapUrl(), "ldap://127.0.0.1:" + rogue.getLocalPort()));

      CliResult run = refused("SOURCE_CHANGED");

      assertTrue(run.err().contains("links.yaml"), run.toString());
      rogue.setSoTimeout(200);
      assertThrows(SocketTimeoutException.class, rogue::accept, "nothing connected to it");
    }
  }

  // 9. A refused apply leaves no lock file.
  @Test
  void aRefusedApplyLeavesNoLockFile() {
    start().plan(); // not committed
    refused("NOT_COMMITTED");
  }

  @Test
  void aRunningApplyStillRefusesASecond() {
    start().planAndCommit();
    try (PlanLock first = PlanLock.tryAcquire(box.path(PLAN))) {
      assertNotNull(first);
      CliResult run = box.cli("apply", PLAN);
      assertEquals(3, run.exit(), run.toString());
      assertTrue(run.err().contains("refused[LOCKED]"), run.toString());
    }
  }

  // 7. A committed, crafted plan deleting a licensed cloud-only account (with a correct digest
  // and matching expectations) is refused: the planner would never delete it.
  @Test
  void refusesDeletingAnAccountThatIsNotTheAnchorsHolder() {
    start().plan();
    craft(
        p -> {
          List<LinkPlan> links = new ArrayList<>(p.links());
          SetImmutableId mary = null;
          for (LinkPlan l : links) {
            for (Action a : l.actions()) {
              if (a instanceof SetImmutableId s && s.objectId().equals(MARY)) {
                mary = s;
              }
            }
          }
          for (int i = 0; i < links.size(); i++) {
            LinkPlan l = links.get(i);
            if (l.sam().equals("peterp")) {
              List<Action> actions = new ArrayList<>();
              actions.add(new DeleteUser(MARY, mary.userPrincipalName(), mary.expect()));
              actions.addAll(l.actions());
              links.set(i, withActions(l, LinkPlan.CHANGE, actions));
            }
          }
          return withLinks(p, links, Plan.Summary.of(links));
        });
    box.commit("a crafted plan", "links.yaml", PLAN);
    CliResult run = refused("UNPLANNABLE");
    assertTrue(
        run.err().contains("link peterp → peter.parker@contoso.com, deleteUser " + MARY),
        run.toString());
    assertTrue(box.user("users", MARY) != null, "Mary's account is still there");
  }

  /**
   * A summary or a status can no longer disagree with the actions: plan format 2 derives both from
   * the actions, and a plan that carries its own summary anyway is refused before any write.
   */
  @Test
  void aPlanCarryingItsOwnSummaryIsRefused() throws Exception {
    start().plan();
    String text = box.read(PLAN);
    assertFalse(text.contains("\"summary\""), "format 2 writes no summary");
    Files.writeString(
        box.path(PLAN),
        text.replaceFirst("\\{", "{\"summary\":{\"deleteUser\":0},"),
        StandardCharsets.UTF_8);
    box.commit("plan with a summary", "links.yaml", PLAN);
    String before = box.snapshot();
    CliResult run = box.cli("apply", PLAN);
    assertTrue(run.exit() == 3 || run.exit() == 65, run.toString());
    assertTrue(run.err().contains("summary"), run.toString());
    assertEquals(before, box.snapshot(), "a refused apply changes nothing");
  }

  @Test
  void refusesLinksMissingFromTheLinksFile() {
    start().plan();
    craft(
        p -> {
          List<LinkPlan> links = new ArrayList<>();
          for (LinkPlan l : p.links()) {
            if (l.sam().equals("maryk")) {
              links.add(
                  new LinkPlan(
                      "mallory",
                      l.upn(),
                      l.status(),
                      l.anchor(),
                      l.synced(),
                      l.actions(),
                      l.warnings(),
                      l.syncImpact()));
            } else {
              links.add(l);
            }
          }
          return withLinks(p, links, Plan.Summary.of(links));
        });
    box.commit("plan", "links.yaml", PLAN);
    CliResult run = refused("UNPLANNABLE");
    assertTrue(
        run.err()
            .contains(
                "link mallory → mary.king@contoso.com: is not a link of the committed links file"),
        run.toString());
  }

  // A resumed run: actions already done are not re-derived, the rest still are.
  @Test
  void aPlanTheRulesStillProduceApplies() {
    start().planAndCommit();
    CliResult run = box.cli("apply", PLAN);
    assertEquals(0, run.exit(), run.toString());
    CliResult again = box.cli("apply", PLAN);
    assertEquals(0, again.exit(), again.toString());
  }
}
