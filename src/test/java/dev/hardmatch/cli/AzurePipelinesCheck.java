package dev.hardmatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The check an Azure Pipelines template must pass: the YAML schema subset in
 * src/test/resources/ci/azure-pipelines.schema.json (its $comment names the published schema it
 * narrows), and one rule about stage conditions no schema can say. A stage's condition defaults to
 * {@code succeeded()}, and {@code succeeded()} is false when a stage it depends on (by default the
 * one before it) was skipped; so a stage that uses it must not depend on a stage that has a
 * condition of its own.
 */
final class AzurePipelinesCheck {
  private static final String SCHEMA = "ci/azure-pipelines.schema.json";

  private AzurePipelinesCheck() {}

  /** Every problem found, each as one line; empty when the pipeline passes. */
  static List<String> check(JsonNode pipeline) throws IOException {
    List<String> problems = new ArrayList<>();
    for (Error e : schema().validate(pipeline)) {
      problems.add("schema: " + e.getInstanceLocation() + ": " + e.getMessage());
    }
    problems.addAll(stageConditions(pipeline.path("stages")));
    return problems;
  }

  private static List<String> stageConditions(JsonNode stages) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      JsonNode stage = stages.get(i);
      String condition = stage.path("condition").asText("succeeded()");
      if (!condition.replace(" ", "").contains("succeeded()")) {
        continue;
      }
      for (String dependency : dependencies(stages, i)) {
        for (JsonNode other : stages) {
          if (other.path("stage").asText().equals(dependency) && other.has("condition")) {
            problems.add(
                "stage "
                    + stage.path("stage").asText()
                    + ": its condition uses succeeded() but it depends on stage "
                    + dependency
                    + ", which is skipped whenever its own condition is false, and a skipped"
                    + " dependency makes succeeded() false; use dependsOn: [] or"
                    + " and(not(failed()), not(canceled()), …)");
          }
        }
      }
    }
    return problems;
  }

  /** The stages a stage waits for: dependsOn as written, else the stage before it. */
  private static List<String> dependencies(JsonNode stages, int index) {
    JsonNode dependsOn = stages.get(index).get("dependsOn");
    List<String> names = new ArrayList<>();
    if (dependsOn == null) {
      if (index > 0) {
        names.add(stages.get(index - 1).path("stage").asText());
      }
    } else if (dependsOn.isArray()) {
      dependsOn.forEach(d -> names.add(d.asText()));
    } else {
      names.add(dependsOn.asText());
    }
    return names;
  }

  private static Schema schema() throws IOException {
    try (InputStream in = AzurePipelinesCheck.class.getClassLoader().getResourceAsStream(SCHEMA)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA + " is missing from the test classpath");
      }
      JsonNode raw = new ObjectMapper().readTree(in);
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
          .getSchema(raw.toString(), InputFormat.JSON);
    }
  }
}
