package dev.hardmatch.cli;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.directory.AdUser;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.directory.DirectorySnapshot;
import dev.hardmatch.plan.AnchorChoice;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PlanFile;
import dev.hardmatch.plan.PlanFormat;
import dev.hardmatch.plan.PlanResult;
import dev.hardmatch.plan.Planner;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.spec.LinksLoader;
import dev.hardmatch.tenant.GraphAuth;
import dev.hardmatch.tenant.Tenant;
import dev.hardmatch.tenant.TenantSnapshot;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    header = "Show what apply would do for every link; changes nothing.",
    description = {
      "Read AD (LDAP) and the tenant (Graph) and show what apply would do for every link:",
      "which duplicates are deleted and purged, which ImmutableIds set. Changes nothing.",
      "Exit codes: 0 planned, 1 problems or failure, 2 changes (with --detailed-exitcode)."
    })
final class PlanCommand implements Callable<Integer> {
  private final CliContext ctx;

  @ParentCommand RootCommand root;

  @Parameters(paramLabel = "FILE", description = "The links file (links.yaml).")
  String file;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "PLAN",
      description = "Write the plan to this file (commit it and have it reviewed).")
  String out;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text, json or markdown (default: ${DEFAULT-VALUE}).")
  PlanFormat format;

  @Option(
      names = "--detailed-exitcode",
      description = "Exit 0 when nothing would change, 2 when the plan has changes, 1 on problems.")
  boolean detailedExitCode;

  @Option(
      names = "--auth",
      paramLabel = "METHOD",
      defaultValue = "default",
      description =
          "default (environment, workload identity, managed identity, Azure CLI) or device-code.")
  String auth;

  @Mixin Throughput throughput; // created by the command line's factory

  PlanCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    // Everything that can be checked without the network is checked first.
    LinksFile links = LinksLoader.load(ctx.resolve(file), file);
    GraphAuth graphAuth = GraphAuth.parse(auth, ctx.err()::println);
    Path outFile = out == null ? null : ctx.resolve(out);

    PlanResult result;
    ProgressLine line = ProgressLine.of(ctx);
    try (Directory directory = throughput.directory(links.directory(), ctx);
        Tenant tenant = throughput.tenant(links.tenant(), graphAuth, ctx, line)) {
      progress(
          line, "reading " + links.links().size() + " AD users from " + links.directory().url());
      DirectorySnapshot ad = directory.read(links.links().stream().map(l -> l.sam()).toList());
      progress(line, "reading the tenant at " + links.tenant().graph());
      TenantSnapshot cloud =
          tenant.read(
              links.links().stream().map(l -> l.upn()).toList(),
              anchorsOf(ad, links.directory().sourceAnchor()),
              sidsOf(ad));
      result = Planner.plan(links, ad, cloud);
      if (cloud.eligibilitiesUnlicensed()) {
        line.clear();
        ctx.err()
            .println(
                "note: the tenant has no Entra ID P2 (Graph answered 400 AadPremiumLicenseRequired"
                    + " for role eligibilities), so no eligible role assignment can exist; only"
                    + " assigned roles were checked");
      }
    } finally {
      line.clear();
    }

    boolean colour = ctx.colour() && !root.noColor;
    if (!result.ok()) {
      String rendered = format.renderProblems(result.problems(), colour);
      // Problems are the result of a json run; otherwise they are diagnostics.
      if (format == PlanFormat.JSON) {
        ctx.out().print(rendered);
        ctx.out().flush();
      } else {
        ctx.err().print(rendered);
        ctx.err().flush();
      }
      return ExitCodes.RUNTIME;
    }

    Plan plan =
        PlanFile.finish(
            result
                .plan()
                .withSource(
                    new Plan.Source(
                        Repositories.relativeToRepository(links.path(), ctx.workDir()),
                        links.sha256())),
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            Version.get());
    if (outFile != null) {
      PlanFile.write(plan, outFile);
    }
    ctx.out().print(format.render(plan, colour));
    ctx.out().flush();
    if (outFile != null) {
      ctx.err().println("Plan written to " + out + ". Commit it and have it reviewed, then run:");
      ctx.err().println("  hardmatch apply " + out);
      ctx.err().flush();
    }
    if (detailedExitCode && plan.hasChanges()) {
      return ExitCodes.CHANGES;
    }
    return ExitCodes.OK;
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

  /** The AD users' objectSids as Entra shows them: how sync-created duplicates are found. */
  private static List<String> sidsOf(DirectorySnapshot ad) {
    Set<String> sids = new LinkedHashSet<>();
    for (List<AdUser> users : ad.usersBySam().values()) {
      for (AdUser u : users) {
        if (u.sid() != null) {
          sids.add(u.sid());
        }
      }
    }
    return List.copyOf(sids);
  }

  private void progress(ProgressLine line, String message) {
    line.message(message + " …");
  }

  static HardmatchException usage(String message, String fix) {
    return new HardmatchException(HardmatchException.Code.USAGE, message, fix);
  }
}
