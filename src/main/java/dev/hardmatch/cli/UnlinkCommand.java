package dev.hardmatch.cli;

import dev.hardmatch.apply.Apply;
import dev.hardmatch.apply.Unlink;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "unlink",
    mixinStandardHelpOptions = true,
    header = "Before the next sync, revert what apply did to a plan, from its journal.",
    description = {
      "Revert what apply did, before Entra Connect's next sync: clear (or restore) the",
      "onPremisesImmutableId it set, restore from the recycle bin every duplicate it deleted",
      "but did not purge, write back every AD UPN it rewrote. A purge cannot be undone: it is",
      "named with the journal line holding the object's backup. Gated like apply; refuses a",
      "link a sync cycle has already matched. Journaled in the plan's journal; resumable.",
      "Exit 0 done, 1 failed (run again), 3 refused, 64 usage, 65 invalid plan."
    })
final class UnlinkCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Parameters(paramLabel = "PLAN", description = "The plan file apply ran.")
  String plan;

  @Mixin GitGateOptions git = new GitGateOptions();

  @Mixin AuthOption auth = new AuthOption();

  @Mixin Throughput throughput; // created by the command line's factory

  @Mixin PinOptions pinned = new PinOptions();

  UnlinkCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    throughput.pins = pinned.pins(ctx);
    ProgressLine line = ProgressLine.of(ctx);
    Unlink unlink =
        new Unlink(
            throughput.connectors(ctx, auth.parse(ctx), line),
            new Apply.Options(git.skipGitCheck, git.requireBranch(), null),
            Clock.systemUTC(),
            ctx.workDir(),
            ctx.out(),
            line.guard());
    try {
      return unlink.run(ctx.resolve(plan));
    } finally {
      line.clear();
    }
  }
}
