package dev.hardmatch.cli;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.apply.Apply;
import dev.hardmatch.apply.DurationParser;
import dev.hardmatch.tenant.GraphAuth;
import dev.hardmatch.tenant.WriteQuota;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    header = "Execute a reviewed, committed plan, safely and resumably.",
    description = {
      "Execute a reviewed plan. Every gate runs first: committed and untampered,",
      "this tenant and directory, still true to reality, not running elsewhere.",
      "Then link by link, journaled, with a backup before every delete and purge.",
      "After a failure, run the same command again: it resumes.",
      "Exit 0 done, 1 failed (run again), 3 refused, 64 usage, 65 invalid plan."
    })
final class ApplyCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Parameters(paramLabel = "PLAN", description = "A plan file written by 'hardmatch plan -o'.")
  String plan;

  @Option(
      names = "--max-age",
      paramLabel = "DURATION",
      description = "Refuse a plan older than this, e.g. 24h, 7d (against its createdAt).")
  String maxAge;

  @Option(
      names = "--deadline",
      paramLabel = "DURATION",
      description =
          "While Graph throttles, keep sending at the rate it grants until this long after the"
              + " start, e.g. 4h (default 12h); then stop: run the same command again.")
  String deadline;

  @Option(
      names = "--sync",
      description =
          "After the last write and the resume hook, run the links file's sync.trigger hook"
              + " (e.g. Start-ADSyncSyncCycle -PolicyType Delta); only when apply finished.")
  boolean sync;

  @Mixin GitGateOptions git = new GitGateOptions();

  @Mixin AuthOption auth = new AuthOption();

  @Mixin Throughput throughput; // created by the command line's factory

  @Mixin PinOptions pinned = new PinOptions();

  ApplyCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    String requireBranch = git.requireBranch();
    GraphAuth graphAuth = auth.parse(ctx);
    Apply.Options options =
        new Apply.Options(
            git.skipGitCheck,
            requireBranch,
            maxAge == null ? null : DurationParser.parse(maxAge),
            sync);
    throughput.pins = pinned.pins(ctx);
    if (deadline != null) {
      throughput.deadline = DurationParser.parse(deadline, "--deadline");
      if (throughput.deadline.isZero()) {
        throw new HardmatchException(
            HardmatchException.Code.USAGE,
            "--deadline 0 leaves no time to apply anything",
            "give a duration such as 4h or 12h (the default)");
      }
    }
    ProgressLine line = ProgressLine.of(ctx);
    if (ctx.terminal()) {
      WriteQuota quota = throughput.quota(ctx);
      line.expectWrites(
          PlannedWrites.of(ctx.resolve(plan)),
          quota.writes() / (quota.window().toMillis() / 1000.0));
    }
    Apply apply =
        new Apply(
            throughput.connectors(ctx, graphAuth, line),
            options,
            Clock.systemUTC(),
            ctx.workDir(),
            ctx.out(),
            line.guard());
    apply.withHookEnvironment(ctx.env());
    try {
      return apply.run(ctx.resolve(plan));
    } finally {
      line.clear();
    }
  }
}
