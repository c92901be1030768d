package dev.hardmatch.cli;

import static dev.hardmatch.cli.ApplySandbox.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.plan.Plan;
import dev.hardmatch.sandbox.Generator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apply is bulk (docs/performance.md): hundreds of links cost a few dozen Graph requests and a
 * handful of LDAP searches, not one per link or per step (240 links, 467 writes: 34 HTTP requests
 * and 3 searches when written). Each link that removes a duplicate adds one probe write before its
 * removals (README, "Apply"), batched like every write: a few more requests, never one per link.
 * Counts are deterministic, so they are asserted.
 */
class ApplyScaleTest {
  static final int LINKS = 240;

  @TempDir Path dir;
  private ApplySandbox box;

  @AfterEach
  void stop() {
    if (box != null) {
      box.close();
    }
  }

  @Test
  void applyingHundredsOfLinksTakesAFewDozenRequests() throws Exception {
    Path gen = Files.createDirectories(dir.resolve("gen"));
    Generator.generate(new Generator.Options(400, LINKS, 0.5, 0.2, 7, gen, 389, 8443, "unused"));
    String links = Files.readString(gen.resolve("links.yaml"), StandardCharsets.UTF_8);
    String linkLines = links.substring(links.indexOf("links:\n") + "links:\n".length());
    Path repo = Files.createDirectories(dir.resolve("repo"));
    box =
        ApplySandbox.start(
            repo,
            Files.readString(gen.resolve("ad.ldif"), StandardCharsets.UTF_8),
            Files.readString(gen.resolve("tenant.json"), StandardCharsets.UTF_8),
            "generated",
            b -> b);
    box.links(linkLines);
    box.write("links.yaml", box.read("links.yaml").replace("maxDeletes: 25", "maxDeletes: 1000"));
    Plan plan = box.planAndCommit();
    int writes = ApplySandbox.graphWrites(plan);
    assertTrue(
        plan.summary().deleteUser() > 50,
        "the scenario deletes many duplicates: " + plan.summary());
    box.tenant.resetStats();
    box.ad.clearReceivedFilters();

    CliResult run = box.cli("apply", PLAN);

    assertEquals(0, run.exit(), run.toString());
    assertTrue(
        run.out().contains("Applied " + LINKS + ", already done 0, failed 0"), run.toString());
    long requests = box.tenant.stats().httpRequests();
    // The complete backups (docs/apply.md, "Backups") are one read per delete (properties, manager,
    // memberOf: three batch steps) and per purge, 20 to a $batch, per chunk of 100 links and wave.
    // 48, not 40: the batched probe writes and the gate's 2026 reads (see the class comment).
    int backupReads = 3 * plan.summary().deleteUser() + plan.summary().purgeDeletedUser();
    int chunks = (LINKS + 99) / 100;
    long budget = 48 + (backupReads + 19) / 20 + 2L * chunks;
    assertTrue(
        requests <= budget,
        "apply of " + LINKS + " links made " + requests + " Graph requests, budget " + budget);
    assertEquals(
        writes, box.tenant.stats().writes(), "one write per planned step and probe, no more");
    int searches = box.ad.receivedFilters().size();
    assertTrue(searches <= 4, "apply made " + searches + " LDAP searches");

    box.tenant.resetStats();
    CliResult again = box.cli("apply", PLAN);
    assertTrue(again.out().contains("Applied 0, already done " + LINKS), again.toString());
    assertEquals(0, box.tenant.stats().writes());
    assertTrue(box.tenant.stats().httpRequests() <= 10, box.tenant.stats().toString());

    box.tenant.sync();
    assertEquals(0, box.cli("verify", "links.yaml").exit());
    assertFalse(box.plan().hasChanges());
  }
}
