package dev.hardmatch.cli;

import static dev.hardmatch.cli.ApplySandbox.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PlanFile;
import dev.hardmatch.sandbox.Generator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's naive strategy ({@link NaiveMain}, test scope) really makes one request per
 * lookup and per write, and still plans the same plan and reaches the same end state as bulk: the
 * benchmark compares like with like. And apply of 1,000 links stays bulk (docs/performance.md).
 */
class BenchStrategyTest {
  @TempDir Path dir;
  private ApplySandbox bulk;
  private ApplySandbox naive;

  @AfterEach
  void stop() {
    for (ApplySandbox box : new ApplySandbox[] {bulk, naive}) {
      if (box != null) {
        box.close();
      }
    }
  }

  /** Both sandboxes serve the same generated organisation, links file included. */
  private ApplySandbox start(String name, Path gen, int links) throws Exception {
    String text = Files.readString(gen.resolve("links.yaml"), StandardCharsets.UTF_8);
    ApplySandbox box =
        ApplySandbox.start(
            Files.createDirectories(dir.resolve(name)),
            Files.readString(gen.resolve("ad.ldif"), StandardCharsets.UTF_8),
            Files.readString(gen.resolve("tenant.json"), StandardCharsets.UTF_8),
            name,
            b -> b);
    box.links(text.substring(text.indexOf("links:\n") + "links:\n".length()));
    box.write(
        "links.yaml", box.read("links.yaml").replace("maxDeletes: 25", "maxDeletes: " + links));
    return box;
  }

  @Test
  void naiveStrategyPlansAndAppliesTheSameOneRequestAtATime() throws Exception {
    int links = 40;
    Path gen = Files.createDirectories(dir.resolve("gen"));
    Generator.generate(new Generator.Options(60, links, 0.5, 0.3, 11, gen, 389, 8443, null));
    bulk = start("bulk", gen, links);
    naive = start("naive", gen, links);

    CliResult planBulk = bulk.cli("plan", "links.yaml", "-o", PLAN);
    naive.tenant.resetStats();
    naive.ad.clearReceivedFilters();
    CliResult planNaive = naive.naiveCli("plan", "links.yaml", "-o", PLAN);

    assertEquals(0, planBulk.exit(), planBulk.toString());
    assertEquals(0, planNaive.exit(), planNaive.toString());
    // Same links and steps; only the endpoints (ports) and so the digests differ.
    Plan plan = PlanFile.read(bulk.path(PLAN));
    Plan naivePlan = PlanFile.read(naive.path(PLAN));
    assertEquals(plan.links(), naivePlan.links());
    assertEquals(plan.summary(), naivePlan.summary());
    assertTrue(plan.summary().deleteUser() > 5, plan.summary().toString());
    assertTrue(plan.summary().purgeDeletedUser() > plan.summary().deleteUser());
    // One lookup per UPN and per anchor, one LDAP search per sAMAccountName.
    assertTrue(naive.tenant.stats().httpRequests() >= 2L * links, naive.tenant.stats().toString());
    assertEquals(links, naive.ad.searchCount());

    bulk.commit("plan", "links.yaml", PLAN);
    naive.commit("plan", "links.yaml", PLAN);
    naive.tenant.resetStats();
    CliResult applyBulk = bulk.cli("apply", PLAN);
    CliResult applyNaive = naive.naiveCli("apply", PLAN);

    assertEquals(0, applyBulk.exit(), applyBulk.toString());
    assertEquals(0, applyNaive.exit(), applyNaive.toString());
    String applied = "Applied " + links + ", already done 0, failed 0";
    assertTrue(applyNaive.out().contains(applied), applyNaive.toString());
    assertEquals(bulk.snapshot(), naive.snapshot(), "same tenant and AD after both applies");
    // Every write of the naive run (probes included) was its own HTTP request.
    assertEquals(ApplySandbox.graphWrites(plan), naive.tenant.stats().writes());
    assertTrue(naive.tenant.stats().count("POST /$batch") == 0, naive.tenant.stats().toString());
  }

  @Test
  void strategyIsNoProductOptionButTheWriteQuotaIs() throws Exception {
    Path gen = Files.createDirectories(dir.resolve("gen"));
    Generator.generate(new Generator.Options(5, 3, 0, 0, 1, gen, 389, 8443, null));
    bulk = start("bulk", gen, 3);

    CliResult run = bulk.cli("plan", "links.yaml", "--strategy", "fast");

    assertEquals(64, run.exit(), run.toString());
    assertTrue(run.err().contains("Unknown options: '--strategy'"), run.err());
    CliResult quota = bulk.cli("plan", "links.yaml", "--write-quota", "lots");
    assertEquals(64, quota.exit(), quota.toString());
    assertTrue(quota.err().contains("300/10s"), quota.err());
  }

  /**
   * Apply of 1,000 links (500 duplicates: 500 deletes, 500 purges, 1,000 anchors = 2,000 writes)
   * takes at most 340 Graph HTTP requests. Derivation: the writes fill {@code 2000 / 20 = 100}
   * batches; the executor works in 10 chunks of 100 links, each with 2 bulk reads and at most 3
   * part-filled batches (one per wave) = 50; the gates read 1,000 links once (2 × 67 lookups + 4
   * listings in 20-step batches = 7); 13 spare for retried pages. The complete backups before the
   * deletes and purges (docs/apply.md, "Backups": 3 reads per delete, 1 per purge = 2,000 batch
   * steps) add {@code 2000 / 20 = 100} batches and at most 2 part-filled ones per chunk = 120, so
   * 290. The probe write before each delete (docs/apply.md: 500 probes) adds {@code 500 / 20 = 25}
   * batches and one part-filled one per chunk = 35; the gate's 2026 reads (takeover window, role
   * groups, 67 beta onPremisesObjectIdentifier lookups and 67 onPremisesSamAccountName lookups in
   * 20-step batches) about 12: 340 in all. One request per link would be over 2,000.
   */
  @Test
  void applyingAThousandLinksIsBulk() throws Exception {
    int links = 1000;
    Path gen = Files.createDirectories(dir.resolve("gen"));
    Generator.generate(new Generator.Options(1200, links, 0.5, 0.2, 3, gen, 389, 8443, null));
    bulk = start("bulk", gen, links);
    Plan plan = bulk.planAndCommit();
    int writes = ApplySandbox.graphWrites(plan);
    assertTrue(writes > 1800, plan.summary().toString());
    bulk.tenant.resetStats();
    bulk.ad.clearReceivedFilters();

    CliResult run = bulk.cli("apply", PLAN);

    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.out().contains("Applied 1000, already done 0, failed 0"), run.toString());
    long requests = bulk.tenant.stats().httpRequests();
    assertTrue(requests <= 340, "apply of 1,000 links made " + requests + " Graph requests");
    assertEquals(writes, bulk.tenant.stats().writes(), "one write per planned step and probe");
    assertEquals(0, bulk.tenant.stats().throttled());
    int searches = bulk.ad.searchCount();
    assertTrue(searches <= 12, "apply of 1,000 links made " + searches + " LDAP searches");
  }
}
