package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pipeline templates users copy from ci/ stay true: every hardmatch command each one contains
 * is run, in document order, against the sandbox in a git repository laid out as the templates
 * expect, and must exit as the template expects. The nightly verify job runs after a simulated
 * Entra Connect delta sync, as it would in production.
 */
class CiTemplatesTest {
  static final String PASSWORD = "ci-template-password-2291";

  @TempDir Path repo;
  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(strings = {CiTemplate.GITHUB, CiTemplate.AZURE})
  void everyHardmatchCommandInTheTemplateWorksAgainstTheSandbox(String template) throws Exception {
    CiTemplate t = CiTemplate.read(template);
    Map<String, String> vars = vars(t);
    List<CiTemplate.Command> commands = t.commands();
    assertTrue(commands.size() >= 6, "hardmatch commands found in " + template + ": " + commands);
    assertTrue(commands.stream().anyMatch(c -> c.line().startsWith("hardmatch apply")), template);
    assertTrue(
        commands.stream()
            .anyMatch(c -> c.job().equalsIgnoreCase("verify") && c.line().contains(" verify ")),
        "a scheduled verify job: " + commands);

    try (Sandbox sandbox =
            Sandbox.startDemo(Sandbox.Options.defaults().withCredentials(null, PASSWORD));
        Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      Map<String, String> env = env(sandbox);
      // The repository as the templates expect it: links file and its reviewed plan, committed.
      String links = vars.get("LINKS");
      String plan = vars.get("PLAN");
      writeLinks(
          sandbox,
          links,
          "  - { sam: johns, upn: john.smith@contoso.com }\n"
              + "  - { sam: peterp, upn: peter.parker@contoso.com }\n"
              + "  - { sam: tomh, upn: tom.hill@contoso.com }\n");
      CliResult planned = CliResult.run(env, repo, "plan", links, "-o", plan);
      assertEquals(0, planned.exit(), planned.toString());
      git.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent("reviewer", "reviewer@example.com");
      git.commit().setMessage("plan").setAuthor(who).setCommitter(who).setSign(false).call();

      boolean synced = false;
      for (CiTemplate.Command command : commands) {
        if (command.job().equalsIgnoreCase("verify") && !synced) {
          sandbox.tenant().sync();
          synced = true;
        }
        TemplateInvocation inv = TemplateInvocation.parse(command.line(), vars);
        CliResult r = CliResult.run(env, repo, inv.args().toArray(String[]::new));
        if (inv.pendingAllowed()) {
          assertTrue(r.exit() == 0 || r.exit() == 2, command + "\n" + r);
        } else {
          assertEquals(0, r.exit(), command + "\n" + r);
        }
        redirect(inv, r);
      }

      // What the template's own checks look at.
      ObjectMapper json = new ObjectMapper();
      Path fresh = temp.resolve("fresh.plan.json");
      assertEquals(
          withoutWhen(json.readTree(repo.resolve(plan).toFile())),
          withoutWhen(json.readTree(fresh.toFile())),
          "a fresh plan is the committed plan, when it was made aside");
      assertTrue(Files.readString(temp.resolve("plan.md")).contains("## hardmatch plan"));
      assertEquals(
          "i+SM6mavaVSygP60Spo2EQ==",
          sandbox
              .tenant()
              .state()
              .user("john.smith@contoso.com")
              .orElseThrow()
              .path("onPremisesImmutableId")
              .asText(),
          "the apply stage linked John");
    }
  }

  /** The comment of a refused plan lists its problems: the template keeps them as markdown. */
  @ParameterizedTest
  @ValueSource(strings = {CiTemplate.GITHUB, CiTemplate.AZURE})
  void aRefusedPlanLeavesItsProblemsInMarkdownForThePullRequestComment(String template)
      throws Exception {
    CiTemplate t = CiTemplate.read(template);
    Map<String, String> vars = vars(t);
    CiTemplate.Command planLine =
        t.commands().stream()
            .filter(c -> c.line().startsWith("hardmatch plan "))
            .findFirst()
            .orElseThrow();
    TemplateInvocation inv = TemplateInvocation.parse(planLine.line(), vars);
    assertNotNull(inv.stderrFile(), "the plan line keeps stderr for the comment: " + planLine);
    try (Sandbox sandbox =
        Sandbox.startDemo(Sandbox.Options.defaults().withCredentials(null, PASSWORD))) {
      writeLinks(sandbox, vars.get("LINKS"), "  - { sam: johns, upn: nobody@contoso.com }\n");
      CliResult r = CliResult.run(env(sandbox), repo, inv.args().toArray(String[]::new));
      assertNotEquals(0, r.exit(), r.toString());
      redirect(inv, r);
    }
    String problems =
        Files.readString(Path.of(inv.stdoutFile())) + Files.readString(Path.of(inv.stderrFile()));
    assertTrue(problems.contains("## "), "markdown for the comment:\n" + problems);
    assertTrue(problems.contains("TARGET_NOT_FOUND"), problems);
    assertTrue(problems.contains("nobody@contoso.com"), problems);
  }

  private Map<String, String> vars(CiTemplate t) {
    Map<String, String> vars = new HashMap<>(t.vars());
    vars.put("RUNNER_TEMP", temp.toString());
    vars.put("AGENT_TEMPDIRECTORY", temp.toString());
    return vars;
  }

  private static Map<String, String> env(Sandbox sandbox) {
    return Map.of(
        "HARDMATCH_LDAP_PASSWORD", PASSWORD, "HARDMATCH_GRAPH_TOKEN", sandbox.connection().token());
  }

  private void writeLinks(Sandbox sandbox, String links, String entries) throws Exception {
    Path linksFile = repo.resolve(links);
    Files.createDirectories(linksFile.getParent());
    Files.writeString(
        linksFile,
        sandbox.linksHeader("HARDMATCH_LDAP_PASSWORD")
            + "policy: { deleteDuplicates: true, purgeDeleted: true, maxDeletes: 5 }\n"
            + "links:\n"
            + entries);
  }

  private static void redirect(TemplateInvocation inv, CliResult r) throws Exception {
    if (inv.stdoutFile() != null) {
      Files.writeString(Path.of(inv.stdoutFile()), r.out(), StandardCharsets.UTF_8);
    }
    if (inv.stderrFile() != null) {
      Files.writeString(Path.of(inv.stderrFile()), r.err(), StandardCharsets.UTF_8);
    }
  }

  /** What the templates compare: the plan without digest, createdAt and toolVersion. */
  private static JsonNode withoutWhen(JsonNode plan) {
    ObjectNode o = plan.deepCopy();
    o.remove(List.of("digest", "createdAt", "toolVersion"));
    return o;
  }
}
