package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both templates pass a real linter: actionlint for GitHub Actions, the Azure Pipelines schema
 * subset and stage rule for Azure Pipelines; and each linter fails on a broken copy, so a pass
 * means something.
 */
class CiTemplateLintTest {
  @TempDir Path temp;

  @Test
  void theGithubTemplatePassesActionlint() throws Exception {
    Path runJs = Actionlint.ensure();
    Actionlint.Result r = Actionlint.lint(runJs, Path.of(CiTemplate.GITHUB).toAbsolutePath());
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("1 workflow file(s) clean"), r.output());
  }

  /**
   * Each broken copy (what to break, what actionlint must then say), linted in one run: the
   * WebAssembly linter takes seconds to start.
   */
  @Test
  void actionlintFailsOnEachBrokenCopyOfTheGithubTemplate() throws Exception {
    String[][] cases = {
      {"github.run_attempt", "github.run_attempts", "property \"run_attempts\" is not defined"},
      {"steps.plan.outcome", "steps.plann.outcome", "property \"plann\" is not defined"},
      {"    runs-on:", "    runs_on:", "unexpected key \"runs_on\" for \"job\" section"},
      {"cancel-in-progress: false", "cancel-in-progress: maybe", "boolean literal \"true\""}
    };
    Path runJs = Actionlint.ensure();
    List<Path> copies = new ArrayList<>();
    for (int i = 0; i < cases.length; i++) {
      copies.add(broken(CiTemplate.GITHUB, cases[i][0], cases[i][1], "broken-" + i + ".yml"));
    }
    Actionlint.Result r = Actionlint.lint(runJs, copies.toArray(Path[]::new));
    assertEquals(1, r.exit(), r.output());
    for (int i = 0; i < cases.length; i++) {
      String file = copies.get(i) + ":";
      String expected = cases[i][2];
      assertTrue(
          r.output().lines().anyMatch(l -> l.startsWith(file) && l.contains(expected)),
          "no finding '" + expected + "' at " + file + "line:col in\n" + r.output());
    }
  }

  @Test
  void theAzureTemplatePassesTheSchemaAndTheStageRule() throws Exception {
    List<String> problems =
        AzurePipelinesCheck.check(new YAMLMapper().readTree(Path.of(CiTemplate.AZURE).toFile()));
    assertEquals(List.of(), problems);
  }

  /** Each row: what to break in the template, and what the check must then say. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "azureSubscription: hardmatch-write | azureSubscripton: hardmatch-write"
            + " | /stages/1/jobs/0/strategy/runOnce/deploy/steps/3",
        "lockBehavior: sequential | lockBehavior: sequentially | /stages/1/lockBehavior",
        "jdkSourceOption: PreInstalled | jdkSource: PreInstalled | /stages/0/jobs/0/steps/1",
        "artifact: hardmatch-plan | artefact: hardmatch-plan | /stages/0/jobs/0/steps/5",
        // The condition that never let Apply run: Plan is skipped on main.
        "    dependsOn: []\\n    # Not succeeded() | #\\n    # Not succeeded()"
            + " | stage Apply: its condition uses succeeded() but it depends on stage Plan"
      })
  void theAzureCheckFailsOnABrokenTemplate(String from, String to, String expected)
      throws Exception {
    String fromText = from.replace("\\n", "\n");
    String toText = to.replace("\\n", "\n");
    Path broken = broken(CiTemplate.AZURE, fromText, toText, "azure.yml");
    if (expected.startsWith("stage Apply")) {
      String text = Files.readString(broken);
      String condition = text.substring(text.indexOf("    condition: >-"));
      condition = condition.substring(0, condition.indexOf("    lockBehavior"));
      Files.writeString(
          broken,
          text.replace(
              condition,
              "    condition: and(succeeded(), eq(variables['Build.SourceBranch'],"
                  + " 'refs/heads/main'))\n"));
    }
    List<String> problems = AzurePipelinesCheck.check(new YAMLMapper().readTree(broken.toFile()));
    assertNotEquals(List.of(), problems, "the broken copy passed:\n" + Files.readString(broken));
    assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), String.join("\n", problems));
  }

  /** A copy of {@code template} with {@code from} replaced by {@code to} (which must be there). */
  private Path broken(String template, String from, String to, String name) throws Exception {
    String text = Files.readString(Path.of(template));
    assertTrue(text.contains(from), template + " no longer contains: " + from);
    Path copy = temp.resolve(name);
    Files.writeString(copy, text.replace(from, to));
    return copy;
  }
}
