package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What keeps the templates safe to copy: the pull-request job holds only the read-only identity,
 * the write identity lives only behind the protected apply environment, every artifact name is per
 * attempt with its retention stated, and the review is one comment found by its marker.
 */
class CiTemplateSafetyTest {

  @Test
  void githubPullRequestsGetOnlyTheReadIdentityAndApplyOnlyRunsBehindItsEnvironment()
      throws Exception {
    CiTemplate t = CiTemplate.read(CiTemplate.GITHUB);
    JsonNode plan = t.job("plan");
    JsonNode apply = t.job("apply");
    JsonNode verify = t.job("verify");
    assertEquals("github.event_name == 'pull_request'", plan.path("if").asText());
    assertEquals("identity-read", plan.path("environment").asText());
    assertTrue(plan.toString().contains("vars.HARDMATCH_READ_CLIENT_ID"), plan.toString());
    assertFalse(plan.toString().contains("WRITE"), "the PR job names no write identity");
    assertFalse(verify.toString().contains("WRITE"), "the nightly verify holds no write identity");
    assertEquals("identity-apply", apply.path("environment").asText());
    assertTrue(apply.path("if").asText().contains("github.ref == 'refs/heads/main'"));
    assertTrue(apply.toString().contains("vars.HARDMATCH_WRITE_CLIENT_ID"), apply.toString());
    assertFalse(apply.path("concurrency").path("cancel-in-progress").asBoolean(true));
    assertEquals("hardmatch-apply", apply.path("concurrency").path("group").asText());
    assertEquals(
        "{\"contents\":\"read\"}", t.tree().path("permissions").toString(), "least by default");
    assertTrue(t.tree().path("on").path("schedule").get(0).path("cron").isTextual());
    assertTrue(verify.path("if").asText().contains("schedule"));
  }

  @Test
  void azurePullRequestsGetOnlyTheReadConnectionAndApplyRunsOnMain() throws Exception {
    CiTemplate t = CiTemplate.read(CiTemplate.AZURE);
    JsonNode plan = t.job("Plan");
    JsonNode apply = t.job("Apply");
    JsonNode verify = t.job("Verify");
    assertEquals(List.of("hardmatch-read"), connections(plan));
    assertEquals(List.of("hardmatch-write"), connections(apply));
    assertEquals(List.of("hardmatch-read"), connections(verify));
    assertEquals("eq(variables['Build.Reason'], 'PullRequest')", plan.path("condition").asText());
    assertEquals("eq(variables['Build.Reason'], 'Schedule')", verify.path("condition").asText());
    String applyWhen = apply.path("condition").asText();
    assertTrue(applyWhen.contains("eq(variables['Build.SourceBranch'], 'refs/heads/main')"));
    assertFalse(applyWhen.contains("succeeded()"), applyWhen);
    for (JsonNode stage : t.tree().path("stages")) {
      assertEquals("[]", stage.path("dependsOn").toString(), stage.path("stage").asText());
    }
    assertEquals(
        "identity-apply", apply.path("jobs").get(0).path("environment").asText(), "approvals");
    assertEquals("none", t.tree().path("pr").asText(), "Azure Repos validates through policy");
    assertTrue(t.tree().path("schedules").get(0).path("always").asBoolean());
    for (JsonNode stage : t.tree().path("stages")) {
      assertTrue(
          stage.toString().contains("\"task\":\"JavaToolInstaller@0\""),
          stage.path("stage").asText() + " installs Java");
    }
  }

  @Test
  void everyArtifactNameIsPerAttemptAndItsRetentionIsStated() throws Exception {
    List<JsonNode> uploads = new ArrayList<>();
    find(CiTemplate.read(CiTemplate.GITHUB).tree(), "uses", "actions/upload-artifact@v4", uploads);
    assertEquals(2, uploads.size());
    for (JsonNode step : uploads) {
      JsonNode with = step.path("with");
      assertTrue(with.path("name").asText().endsWith("-${{ github.run_attempt }}"), with + "");
      assertTrue(with.path("retention-days").asInt() > 0, with + "");
    }
    CiTemplate azure = CiTemplate.read(CiTemplate.AZURE);
    List<JsonNode> publishes = new ArrayList<>();
    find(azure.tree(), "publish", null, publishes);
    assertEquals(2, publishes.size());
    for (JsonNode step : publishes) {
      assertTrue(step.path("artifact").asText().endsWith("-$(System.JobAttempt)"), step + "");
    }
    String azureText = Files.readString(azure.file());
    assertTrue(azureText.contains("Retention:"), "retention stated");
    assertTrue(azureText.contains("build/retention/leases"), "apply runs kept by a lease");
  }

  @Test
  void theReviewIsOneCommentFoundByItsHiddenMarkerAndUpdatedInPlace() throws Exception {
    CiTemplate gh = CiTemplate.read(CiTemplate.GITHUB);
    assertEquals("<!-- hardmatch-plan -->", gh.job("plan").path("env").path("MARKER").asText());
    String post = gh.script("gh api --method PATCH");
    assertTrue(post.contains("startswith(\\\"$MARKER\\\")"), post);
    assertTrue(post.contains("github-actions[bot]"), "only our own comment is edited: " + post);
    assertFalse(post.contains("gh pr comment"), "never a new comment per push");
    CiTemplate azure = CiTemplate.read(CiTemplate.AZURE);
    assertEquals("<!-- hardmatch-plan -->", azure.vars().get("MARKER"));
    assertTrue(azure.script("-X PATCH").contains("startswith($m)"));
  }

  private static List<String> connections(JsonNode stage) {
    List<JsonNode> tasks = new ArrayList<>();
    find(stage, "task", "AzureCLI@2", tasks);
    return tasks.stream()
        .map(s -> s.path("inputs").path("azureSubscription").asText())
        .distinct()
        .toList();
  }

  /** Every object with {@code key} (equal to {@code value} unless it is null), depth first. */
  private static void find(JsonNode node, String key, String value, List<JsonNode> found) {
    if (node.isObject()
        && node.has(key)
        && (value == null || value.equals(node.get(key).asText()))) {
      found.add(node);
    }
    for (JsonNode child : node) {
      find(child, key, value, found);
    }
  }
}
