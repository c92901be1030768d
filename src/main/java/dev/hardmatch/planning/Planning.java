package dev.hardmatch.planning;

import dev.hardmatch.apply.Apply;
import dev.hardmatch.directory.AdUser;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.directory.DirectorySnapshot;
import dev.hardmatch.plan.AnchorChoice;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PlanFile;
import dev.hardmatch.plan.PlanResult;
import dev.hardmatch.plan.Planner;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.Tenant;
import dev.hardmatch.tenant.TenantSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hardmatch plan}: opens the directory and the tenant a links file names, reads every link's
 * AD user and cloud account in bulk, and plans them. Changes nothing.
 */
public final class Planning {
  private static final Logger LOG = LoggerFactory.getLogger(Planning.class);

  /**
   * What planning found: either problems (and no plan) or a finished plan.
   *
   * @param plan null when {@code result} has problems; otherwise the plan with its source, creation
   *     time, tool version and digest
   */
  public record Outcome(PlanResult result, Plan plan, List<String> notes) {
    public Outcome(PlanResult result, Plan plan) {
      this(result, plan, List.of());
    }

    public boolean ok() {
      return plan != null;
    }
  }

  private final Apply.Environment systems;
  private final Clock clock;
  private final String toolVersion;
  private final Consumer<String> status;

  /**
   * @param systems opens the directory and the tenant
   * @param toolVersion recorded in the plan
   * @param status one line per phase (e.g. "reading 70 AD users from …")
   */
  public Planning(
      Apply.Environment systems, Clock clock, String toolVersion, Consumer<String> status) {
    this.systems = systems;
    this.clock = clock;
    this.toolVersion = toolVersion;
    this.status = status;
  }

  /**
   * Plans {@code links}; {@code sourcePath} is the links file as the plan records it (relative to
   * its git repository).
   */
  public Outcome plan(LinksFile links, String sourcePath) {
    PlanResult result;
    List<String> notes = new ArrayList<>();
    try (Directory directory = systems.openDirectory(links);
        Tenant tenant = systems.openTenant(links)) {
      status.accept(
          "reading " + links.links().size() + " AD users from " + links.directory().url());
      long start = System.nanoTime();
      DirectorySnapshot ad = directory.read(links.links().stream().map(l -> l.sam()).toList());
      LOG.debug(
          "read {} sAMAccountNames from AD in {} ms",
          ad.usersBySam().size(),
          (System.nanoTime() - start) / 1_000_000);
      status.accept("reading the tenant at " + links.tenant().graph());
      start = System.nanoTime();
      TenantSnapshot cloud =
          tenant.read(
              links.links().stream().map(l -> l.upn()).toList(),
              anchorsOf(ad, links.directory().sourceAnchor()),
              ad.sidsBySam());
      LOG.debug("read the tenant in {} ms", (System.nanoTime() - start) / 1_000_000);
      result = Planner.plan(links, ad, cloud);
      if (cloud.eligibilitiesUnlicensed()) {
        notes.add(
            "the tenant has no Entra ID P2 (Graph answered 400 AadPremiumLicenseRequired for role"
                + " eligibilities), so no eligible role assignment can exist; only assigned roles"
                + " were checked");
      }
    }
    if (!result.ok()) {
      LOG.debug("planning found {} problems", result.problems().size());
      return new Outcome(result, null, List.copyOf(notes));
    }
    Plan plan =
        PlanFile.finish(
            result.plan().withSource(new Plan.Source(sourcePath, links.sha256())),
            Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString(),
            toolVersion);
    LOG.debug("planned {} links", plan.links().size());
    return new Outcome(result, plan, List.copyOf(notes));
  }

  /** The anchor each AD user has under the file's sourceAnchor rule: the holders plan needs. */
  private static List<String> anchorsOf(DirectorySnapshot ad, LinksFile.SourceAnchor rule) {
    Set<String> anchors = new LinkedHashSet<>();
    for (List<AdUser> users : ad.usersBySam().values()) {
      for (AdUser u : users) {
        String immutableId = AnchorChoice.of(u, rule).immutableId();
        if (immutableId != null) {
          anchors.add(immutableId);
        }
      }
    }
    return List.copyOf(anchors);
  }
}
