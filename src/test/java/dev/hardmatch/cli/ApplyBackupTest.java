package dev.hardmatch.cli;

import static dev.hardmatch.cli.ApplySandbox.JOHN_DUP;
import static dev.hardmatch.cli.ApplySandbox.MAIN_LINKS;
import static dev.hardmatch.cli.ApplySandbox.MARY;
import static dev.hardmatch.cli.ApplySandbox.MARY_DELETED_DUP;
import static dev.hardmatch.cli.ApplySandbox.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.sandbox.graph.TenantGroup;
import dev.hardmatch.util.GraphUserProperties;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Complete backups (docs/apply.md, "Backups"): before a delete or purge the journal holds what a
 * support case needs to reconstruct the object — every v1.0 property, its manager, its groups, its
 * licences — read in bulk and counted in apply's request budget.
 */
class ApplyBackupTest {
  private static final String SKU = "c7df2760-2c81-4ef7-b578-5b5392b571df";
  private static final String GROUP = "00000000-0000-4000-8000-0000000000g1".replace('g', 'f');

  @TempDir Path dir;
  private ApplySandbox box;

  @AfterEach
  void stop() {
    if (box != null) {
      box.close();
    }
  }

  @Test
  void theJournalHoldsWhatASupportCaseNeedsToReconstructADeletedDuplicate() {
    box = ApplySandbox.start(dir, "main").links(MAIN_LINKS);
    box.write(
        "links.yaml",
        box.read("links.yaml")
            .replace("maxDeletes: 25", "maxDeletes: 25\n  allowLicensedDeletes: true"));
    box.editUser(
        JOHN_DUP,
        u -> {
          u.put("department", "Sales");
          u.put("manager", MARY);
          u.putArray("assignedLicenses").addObject().put("skuId", SKU).putArray("disabledPlans");
          return u;
        });
    box.tenant.state().addGroup(new TenantGroup(GROUP, "Sales EMEA", false, List.of(JOHN_DUP)));
    Plan plan = box.planAndCommit();
    int destructive = plan.summary().deleteUser() + plan.summary().purgeDeletedUser();
    box.tenant.resetStats();

    CliResult run = box.cli("apply", PLAN);

    assertEquals(0, run.exit(), run.toString());
    JsonNode backup = intent(JOHN_DUP, "deleteUser").get("backup");
    assertEquals("Sales", backup.get("department").asText());
    assertEquals(MARY, backup.get("manager").get("id").asText());
    assertEquals(GROUP, backup.get("memberOf").get(0).get("id").asText());
    assertEquals("Sales EMEA", backup.get("memberOf").get(0).get("displayName").asText());
    assertEquals(SKU, backup.get("assignedLicenses").get(0).get("skuId").asText());
    assertEquals(SKU, backup.get("licenseAssignmentStates").get(0).get("skuId").asText());
    assertEquals(SKU, backup.get("assignedLicenseSkus").get(0).asText());
    for (String p : GraphUserProperties.all()) {
      if (!List.of("signInActivity", "mailboxSettings", "customSecurityAttributes").contains(p)) {
        assertTrue(backup.has(p), "the backup holds " + p + ": " + backup);
      }
    }
    // A purge reads the recycle bin's copy with the same $select.
    JsonNode purged = intent(MARY_DELETED_DUP, "purgeDeletedUser").get("backup");
    assertTrue(purged.hasNonNull("deletedDateTime"), purged.toString());
    assertTrue(purged.has("department") && purged.has("employeeHireDate"), purged.toString());
    // One bulk read per wave: the backups cost a few $batch requests, not one per object.
    long requests = box.tenant.stats().httpRequests();
    assertTrue(requests <= 12 + destructive, "apply made " + requests + " Graph requests");
  }

  private JsonNode intent(String objectId, String step) {
    for (JsonNode e : box.journal()) {
      if (e.get("event").asText().equals("intent")
          && objectId.equals(e.path("objectId").asText())
          && step.equals(e.path("step").asText())) {
        return e;
      }
    }
    throw new AssertionError("no intent for " + step + " " + objectId);
  }
}
