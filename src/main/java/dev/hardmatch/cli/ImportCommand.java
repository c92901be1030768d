package dev.hardmatch.cli;

import dev.hardmatch.ExitCode;
import dev.hardmatch.spec.LinksImport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    header = "Add the links of a spreadsheet (CSV) to a links file.",
    description = {
      "Add the rows of a CSV (header sam,upn[,adUpn]; UTF-8 with or without BOM; comma or",
      "semicolon; CRLF or LF) to a links file, keeping its comments and order. Duplicates and",
      "malformed rows are refused with file:line errors and nothing is written.",
      "The output of 'discover --format csv' imports as is.",
      "Exit 0 imported, 65 invalid input."
    })
final class ImportCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Parameters(paramLabel = "CSV", description = "The spreadsheet, saved as CSV.")
  String csv;

  @Option(
      names = "--into",
      paramLabel = "FILE",
      required = true,
      description = "The links file to add the rows to (links: [] is fine).")
  String into;

  ImportCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    LinksImport.Result r = LinksImport.run(ctx.resolve(csv), csv, ctx.resolve(into), into);
    ctx.out()
        .println(
            into
                + ": added "
                + r.added()
                + (r.added() == 1 ? " link" : " links")
                + " from "
                + csv
                + " ("
                + r.total()
                + " in all). Next: hardmatch validate "
                + into
                + ", then hardmatch plan "
                + into);
    ctx.out().flush();
    return ExitCode.OK.code();
  }
}
