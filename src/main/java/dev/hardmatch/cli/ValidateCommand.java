package dev.hardmatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.Diagnostic;
import dev.hardmatch.ExitCode;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.spec.LinksLoader;
import dev.hardmatch.util.Json;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    header = "Check a links file offline; every error at once.",
    description = {
      "Check a links file against the schema and the semantic rules, offline.",
      "Every error is reported at once as file:line:column: field: problem — fix.",
      "Exit 0 when valid, 65 when not."
    })
final class ValidateCommand implements Callable<Integer> {
  /** How the result is printed. */
  enum Format {
    text,
    json
  }

  private final CliContext ctx;

  @Parameters(paramLabel = "FILE", description = "The links file, e.g. links.yaml.")
  String file;

  @Mixin FormatOption<Format> format = new FormatOption<>(Format.class);

  ValidateCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    LinksFile links;
    try {
      links = LinksLoader.load(ctx.resolve(file), file);
    } catch (HardmatchException e) {
      if (format.get() != Format.json || e.code() != HardmatchException.Code.INVALID_INPUT) {
        throw e; // Main prints the diagnostics with their source lines
      }
      ctx.out().println(json(false, 0, e.diagnostics()));
      ctx.out().flush();
      int n = e.diagnostics().size();
      ctx.err().println(n == 1 ? "1 error" : n + " errors");
      ctx.err().flush();
      return ExitCode.INVALID_INPUT.code();
    }
    int n = links.links().size();
    if (format.get() == Format.json) {
      ctx.out().println(json(true, n, List.of()));
    } else {
      ctx.out().println(file + ": valid — " + n + (n == 1 ? " link" : " links"));
    }
    ctx.out().flush();
    return ExitCode.OK.code();
  }

  private String json(boolean valid, int links, List<Diagnostic> diagnostics) {
    ObjectMapper mapper = Json.mapper();
    ObjectNode doc = mapper.createObjectNode();
    doc.put("file", file);
    doc.put("valid", valid);
    if (valid) {
      doc.put("links", links);
    }
    ArrayNode errors = doc.putArray("errors");
    for (Diagnostic d : diagnostics) {
      ObjectNode e = errors.addObject();
      e.put("file", d.file());
      e.put("line", d.line());
      e.put("column", d.column());
      e.put("field", d.field());
      e.put("message", d.message());
      e.put("fix", d.fix());
    }
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
