package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hardmatch.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pipeline templates users copy from ci/ stay true: every hardmatch command each one contains
 * is run, in the order of its stages, against the sandbox in a git repository laid out as the
 * templates expect, and must exit as the template expects.
 */
class CiTemplatesTest {
  static final String PASSWORD = "ci-template-password-2291";

  @TempDir Path repo;
  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(strings = {"ci/github/hardmatch.yml", "ci/azure-pipelines/hardmatch.yml"})
  void everyHardmatchCommandInTheTemplateWorksAgainstTheSandbox(String template) throws Exception {
    JsonNode pipeline = new YAMLMapper().readTree(Path.of(template).toFile());
    Map<String, String> vars = new HashMap<>();
    collectVariables(pipeline.path("env"), vars);
    collectVariables(pipeline.path("variables"), vars);
    vars.put("RUNNER_TEMP", temp.toString());
    vars.put("AGENT_TEMPDIRECTORY", temp.toString());
    List<String> scripts = new ArrayList<>();
    collectScripts(pipeline, scripts);
    List<String> commands = new ArrayList<>();
    for (String script : scripts) {
      for (String line : script.split("\n")) {
        if (line.trim().startsWith("hardmatch ")) {
          commands.add(line.trim());
        }
      }
    }
    assertTrue(commands.size() >= 5, "hardmatch commands found in " + template + ": " + commands);
    assertTrue(commands.stream().anyMatch(c -> c.startsWith("hardmatch apply")), template);

    try (Sandbox sandbox =
            Sandbox.startDemo(Sandbox.Options.defaults().withCredentials(null, PASSWORD));
        Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      Map<String, String> env =
          Map.of(
              "HARDMATCH_LDAP_PASSWORD",
              PASSWORD,
              "HARDMATCH_GRAPH_TOKEN",
              sandbox.connection().token());
      // The repository as the templates expect it: links file and its reviewed plan, committed.
      String links = vars.get("LINKS");
      String plan = vars.get("PLAN");
      Path linksFile = repo.resolve(links);
      Files.createDirectories(linksFile.getParent());
      Files.writeString(
          linksFile,
          sandbox.linksHeader("HARDMATCH_LDAP_PASSWORD")
              + "policy: { deleteDuplicates: true, purgeDeleted: true, maxDeletes: 5 }\n"
              + "links:\n"
              + "  - { sam: johns, upn: john.smith@contoso.com }\n"
              + "  - { sam: peterp, upn: peter.parker@contoso.com }\n"
              + "  - { sam: tomh, upn: tom.hill@contoso.com }\n");
      CliResult planned = CliResult.run(env, repo, "plan", links, "-o", plan);
      assertEquals(0, planned.exit(), planned.toString());
      git.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent("reviewer", "reviewer@example.com");
      git.commit().setMessage("plan").setAuthor(who).setCommitter(who).setSign(false).call();

      for (String command : commands) {
        Invocation inv = Invocation.parse(command, vars);
        CliResult r = CliResult.run(env, repo, inv.args().toArray(String[]::new));
        if (inv.pendingAllowed()) {
          assertTrue(r.exit() == 0 || r.exit() == 2, command + "\n" + r);
        } else {
          assertEquals(0, r.exit(), command + "\n" + r);
        }
        if (inv.stdoutFile() != null) {
          Files.writeString(Path.of(inv.stdoutFile()), r.out(), StandardCharsets.UTF_8);
        }
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

  /**
   * One template line: the arguments after "hardmatch", a stdout redirection, "|| test $? -eq 2".
   */
  record Invocation(List<String> args, String stdoutFile, boolean pendingAllowed) {
    static Invocation parse(String line, Map<String, String> vars) {
      boolean pending = line.contains("|| test $? -eq 2");
      String cmd = pending ? line.substring(0, line.indexOf("||")).trim() : line;
      List<String> words = new ArrayList<>();
      StringBuilder w = new StringBuilder();
      boolean quoted = false;
      boolean any = false;
      for (int i = 0; i < cmd.length(); i++) {
        char c = cmd.charAt(i);
        if (c == '"') {
          quoted = !quoted;
          any = true;
        } else if (c == ' ' && !quoted) {
          if (any) {
            words.add(w.toString());
          }
          w.setLength(0);
          any = false;
        } else if (c == '$' && !cmd.startsWith("$?", i)) {
          int end = i + 1;
          while (end < cmd.length()
              && (Character.isLetterOrDigit(cmd.charAt(end)) || cmd.charAt(end) == '_')) {
            end++;
          }
          String name = cmd.substring(i + 1, end);
          String value = vars.get(name);
          if (value == null) {
            throw new AssertionError("template uses $" + name + " which the test does not know");
          }
          w.append(value);
          any = true;
          i = end - 1;
        } else {
          w.append(c);
          any = true;
        }
      }
      if (any) {
        words.add(w.toString());
      }
      String out = null;
      int gt = words.indexOf(">");
      if (gt >= 0) {
        out = words.get(gt + 1);
        words = new ArrayList<>(words.subList(0, gt));
      }
      return new Invocation(words.subList(1, words.size()), out, pending);
    }
  }

  private static void collectVariables(JsonNode node, Map<String, String> vars) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isValueNode()) {
        vars.put(e.getKey(), e.getValue().asText());
      }
    }
  }

  /** Every shell script of the pipeline, in document order. */
  private static void collectScripts(JsonNode node, List<String> scripts) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if ((e.getKey().equals("run") || e.getKey().equals("inlineScript"))
            && e.getValue().isTextual()) {
          scripts.add(e.getValue().asText());
        } else {
          collectScripts(e.getValue(), scripts);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode child : node) {
        collectScripts(child, scripts);
      }
    }
  }

  /** What the templates compare: the plan without digest, createdAt and toolVersion. */
  private static JsonNode withoutWhen(JsonNode plan) {
    ObjectNode o = plan.deepCopy();
    o.remove(List.of("digest", "createdAt", "toolVersion"));
    return o;
  }
}
