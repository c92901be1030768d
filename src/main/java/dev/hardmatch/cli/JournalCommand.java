package dev.hardmatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hardmatch.ExitCode;
import dev.hardmatch.apply.Journal;
import dev.hardmatch.apply.JournalLines;
import dev.hardmatch.apply.JournalReport;
import dev.hardmatch.util.Json;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    header = "Show what apply (and unlink) did to a plan, from its journal.",
    description = {
      "Read <plan>.journal.jsonl and show per link each step with its time, outcome,",
      "Graph request-id, and where the backup of every deleted or purged object is",
      "(the journal and its line). Reads only the journal; connects to nothing.",
      "Exit 0, 64 usage, 65 no journal or an unreadable one."
    })
final class JournalCommand implements Callable<Integer> {
  /** How the report is printed. */
  enum Format {
    text,
    json
  }

  private final CliContext ctx;

  @Parameters(paramLabel = "PLAN", description = "The plan file apply ran (not the journal).")
  String plan;

  @Mixin FormatOption<Format> format = new FormatOption<>(Format.class);

  JournalCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws JsonProcessingException {
    Path planFile = ctx.resolve(plan);
    Path journal =
        planFile.getFileName().toString().endsWith(".journal.jsonl")
            ? planFile
            : Journal.pathFor(planFile);
    JournalReport report = JournalReport.of(shown(journal), JournalLines.read(journal));
    if (format.get() == Format.json) {
      ctx.out().println(Json.pretty().writeValueAsString(report.toJson()));
    } else {
      report.toText().forEach(ctx.out()::println);
    }
    ctx.out().flush();
    return ExitCode.OK.code();
  }

  private String shown(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path base = ctx.workDir().toAbsolutePath().normalize();
    return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
  }
}
