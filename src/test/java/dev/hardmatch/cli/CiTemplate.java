package dev.hardmatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One pipeline template from ci/ as the tests read it: its YAML tree, its pipeline-level variables,
 * and every shell script it runs, in document order, labelled with the GitHub job or Azure stage
 * that runs it.
 */
record CiTemplate(Path file, JsonNode tree, Map<String, String> vars, List<Script> scripts) {
  static final String GITHUB = "ci/github/hardmatch.yml";
  static final String AZURE = "ci/azure-pipelines/hardmatch.yml";

  /** A script and the job (GitHub) or stage (Azure) that runs it. */
  record Script(String job, String text) {}

  /** A hardmatch command line of the template and the job or stage that runs it. */
  record Command(String job, String line) {}

  static CiTemplate read(String path) throws IOException {
    Path file = Path.of(path);
    JsonNode tree = new YAMLMapper().readTree(file.toFile());
    Map<String, String> vars = new HashMap<>();
    collectVariables(tree.path("env"), vars);
    collectVariables(tree.path("variables"), vars);
    List<Script> scripts = new ArrayList<>();
    collectScripts(tree, "", scripts);
    return new CiTemplate(file, tree, vars, scripts);
  }

  boolean isGithub() {
    return tree.has("jobs");
  }

  /** Every line that starts with "hardmatch ", in document order. */
  List<Command> commands() {
    List<Command> commands = new ArrayList<>();
    for (Script script : scripts) {
      for (String line : script.text().split("\n")) {
        if (line.trim().startsWith("hardmatch ")) {
          commands.add(new Command(script.job(), line.trim()));
        }
      }
    }
    return commands;
  }

  /** The first script that contains {@code text}. */
  String script(String text) {
    return scripts.stream()
        .map(Script::text)
        .filter(s -> s.contains(text))
        .findFirst()
        .orElseThrow(() -> new AssertionError(file + " has no script with: " + text));
  }

  /** The GitHub job or Azure stage called {@code name}. */
  JsonNode job(String name) {
    if (isGithub()) {
      return tree.path("jobs").path(name);
    }
    for (JsonNode stage : tree.path("stages")) {
      if (stage.path("stage").asText().equals(name)) {
        return stage;
      }
    }
    return tree.path("no such stage");
  }

  private static void collectVariables(JsonNode node, Map<String, String> vars) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isValueNode()) {
        vars.put(e.getKey(), e.getValue().asText());
      }
    }
  }

  private static void collectScripts(JsonNode node, String job, List<Script> scripts) {
    if (node.isObject()) {
      String here = node.has("stage") ? node.get("stage").asText() : job;
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        if ((key.equals("run") || key.equals("inlineScript") || key.equals("bash"))
            && e.getValue().isTextual()) {
          scripts.add(new Script(here, e.getValue().asText()));
        } else if (key.equals("jobs") && e.getValue().isObject()) {
          for (Iterator<Map.Entry<String, JsonNode>> jobs = e.getValue().fields();
              jobs.hasNext(); ) {
            Map.Entry<String, JsonNode> j = jobs.next();
            collectScripts(j.getValue(), j.getKey(), scripts);
          }
        } else {
          collectScripts(e.getValue(), here, scripts);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode child : node) {
        collectScripts(child, job, scripts);
      }
    }
  }
}
