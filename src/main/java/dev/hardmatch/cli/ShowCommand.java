package dev.hardmatch.cli;

import dev.hardmatch.ExitCode;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PlanFile;
import dev.hardmatch.plan.PlanFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    header = "Render a saved plan (text, markdown for a PR, json, csv).",
    description = {
      "Render a saved plan: text for a terminal, markdown for a pull-request comment (one",
      "GitHub comment at any size; markdown-full renders everything), json for machines (the",
      "plan document itself), csv for change tickets (one row per action). Changes nothing."
    })
final class ShowCommand implements Callable<Integer> {
  private final CliContext ctx;

  @ParentCommand RootCommand root;

  @Parameters(paramLabel = "PLAN", description = "A plan file written by 'hardmatch plan -o'.")
  String plan;

  @Mixin FormatOption<PlanFormat> format = new FormatOption<>(PlanFormat.class);

  ShowCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Plan p = PlanFile.read(ctx.resolve(plan), plan);
    if (!PlanFile.digestMatches(p)) {
      // Showing it is harmless and helps find the edit; apply will refuse it.
      ctx.err()
          .println(
              "warning: "
                  + plan
                  + " does not match its digest: it was changed after it was planned (apply"
                  + " refuses it as TAMPERED) — plan again instead of editing the file");
      ctx.err().flush();
    }
    boolean colour = ctx.colour() && (root == null || !root.noColor);
    ctx.out().print(TerminalText.fit(ctx, format.get(), format.get().render(p, colour)));
    ctx.out().flush();
    return ExitCode.OK.code();
  }
}
