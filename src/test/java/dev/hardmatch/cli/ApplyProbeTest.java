package dev.hardmatch.cli;

import static dev.hardmatch.cli.ApplySandbox.JOHN;
import static dev.hardmatch.cli.ApplySandbox.JOHN_DUP;
import static dev.hardmatch.cli.ApplySandbox.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hardmatch.sandbox.graph.EmulatorOptions;
import dev.hardmatch.sandbox.graph.Permissions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * apply never deletes or purges before the target is proven to accept the onPremisesImmutableId
 * write (the probe, see {@link dev.hardmatch.plan.ProbeAnchor}): when Entra refuses it, the link
 * fails with its duplicate active and untouched, and the journal says why.
 */
class ApplyProbeTest {
  private static final String LINK =
      "  - { sam: johns, upn: john.smith@contoso.com, adUpn: keep }\n";

  @TempDir Path dir;
  private ApplySandbox box;

  @AfterEach
  void stop() {
    if (box != null) {
      box.close();
    }
  }

  @Test
  void withoutUserReadWriteAllTheDuplicateStaysActiveAndUntouched() {
    List<String> granted = new ArrayList<>(Permissions.LEAST_PRIVILEGE);
    granted.remove("User.ReadWrite.All");
    refusedProbeLeavesTheDuplicate(b -> b.permissions(granted), "403");
  }

  @Test
  void aTargetThatRefusesEveryPatchKeepsItsDuplicateActiveAndUntouched() {
    refusedProbeLeavesTheDuplicate(b -> b.refusePatch(List.of("john.smith@contoso.com")), "403");
  }

  private void refusedProbeLeavesTheDuplicate(
      UnaryOperator<EmulatorOptions.Builder> options, String status) {
    box = ApplySandbox.start(dir, "race", options).links(LINK);
    box.planAndCommit();
    JsonNode duplicateBefore = box.user("users", JOHN_DUP);
    JsonNode targetBefore = box.user("users", JOHN);
    assertNotNull(duplicateBefore, "the scenario has an active duplicate to delete");

    CliResult run = box.cli("apply", PLAN);

    assertEquals(1, run.exit(), run.toString());
    assertTrue(run.err().contains("Entra refused the probe write"), run.toString());
    assertTrue(run.err().contains("nothing was deleted or purged"), run.toString());
    assertTrue(run.err().contains(status), run.toString());
    assertTrue(run.out().contains("failed 1"), run.toString());
    assertEquals(duplicateBefore, box.user("users", JOHN_DUP), "the duplicate is untouched");
    assertEquals(targetBefore, box.user("users", JOHN), "the target is untouched");
    boolean failedProbe = false;
    for (JsonNode e : box.journal()) {
      String step = e.path("step").asText();
      assertTrue(
          !step.equals("deleteUser") && !step.equals("purgeDeletedUser"),
          "no delete or purge was even intended: " + e);
      if (e.path("event").asText().equals("failed")
          && e.path("error").asText().contains("probe write")) {
        failedProbe = true;
      }
    }
    assertTrue(failedProbe, "the journal says why: " + box.journal());
  }
}
