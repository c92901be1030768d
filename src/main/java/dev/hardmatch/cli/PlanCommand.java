package dev.hardmatch.cli;

import dev.hardmatch.ExitCode;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.connect.Connectors;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PlanFile;
import dev.hardmatch.plan.PlanFormat;
import dev.hardmatch.planning.Planning;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.spec.LinksLoader;
import dev.hardmatch.tenant.GraphAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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

  @Mixin FormatOption<PlanFormat> format = new FormatOption<>(PlanFormat.class);

  @Option(
      names = "--detailed-exitcode",
      description = "Exit 0 when nothing would change, 2 when the plan has changes, 1 on problems.")
  boolean detailedExitCode;

  @Mixin AuthOption auth = new AuthOption();

  @Mixin Throughput throughput; // created by the command line's factory

  @Mixin PinOptions pinned = new PinOptions();

  PlanCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    // Everything that can be checked without the network is checked first.
    if (Files.isSymbolicLink(ctx.resolve(file))) {
      // apply refuses a links file that is a symlink; planning from one would only fail later
      throw new HardmatchException(
          HardmatchException.Code.INVALID_INPUT,
          file + " is a symbolic link; hardmatch plans only from the file itself",
          "give the real links file, the one committed and reviewed with the plan");
    }
    LinksFile links = LinksLoader.load(ctx.resolve(file), file);
    GraphAuth graphAuth = auth.parse(ctx);
    Path outFile = out == null ? null : ctx.resolve(out);
    ProgressLine line = ProgressLine.of(ctx);
    throughput.pins = pinned.pins(ctx);
    Connectors connectors = throughput.connectors(ctx, graphAuth, line);
    connectors.checkTrust(links); // pins and credential files: before anything connects

    Planning.Outcome outcome;
    try {
      Planning planning =
          new Planning(
              connectors,
              Clock.systemUTC(),
              Version.get(),
              message -> line.message(message + " …"));
      outcome =
          planning.plan(links, Repositories.relativeToRepository(links.path(), ctx.workDir()));
    } finally {
      line.clear();
    }
    for (String note : outcome.notes()) {
      ctx.err().println("note: " + note);
    }

    boolean colour = ctx.colour() && !root.noColor;
    if (!outcome.ok()) {
      String rendered = format.get().renderProblems(outcome.result().problems(), colour);
      // Problems are the result of a json run; otherwise they are diagnostics.
      if (format.get() == PlanFormat.JSON) {
        ctx.out().print(rendered);
        ctx.out().flush();
      } else {
        ctx.err().print(rendered);
        ctx.err().flush();
      }
      return ExitCode.RUNTIME.code();
    }

    Plan plan = outcome.plan();
    if (outFile != null) {
      PlanFile.write(plan, outFile);
    }
    ctx.out().print(TerminalText.fit(ctx, format.get(), format.get().render(plan, colour)));
    ctx.out().flush();
    if (outFile != null) {
      ctx.err().println("Plan written to " + out + ". Commit it and have it reviewed, then run:");
      ctx.err().println("  hardmatch apply " + out);
      ctx.err().flush();
    }
    if (detailedExitCode && plan.hasChanges()) {
      return ExitCode.CHANGES.code();
    }
    return ExitCode.OK.code();
  }

  static HardmatchException usage(String message, String fix) {
    return new HardmatchException(HardmatchException.Code.USAGE, message, fix);
  }
}
