package dev.hardmatch.cli;

import dev.hardmatch.ExitCode;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.directory.LdapListing;
import dev.hardmatch.discover.Confidence;
import dev.hardmatch.discover.Discovering;
import dev.hardmatch.discover.DiscoveryOutput;
import dev.hardmatch.discover.DiscoverySummary;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.spec.LinksLoader;
import dev.hardmatch.tenant.GraphAuth;
import dev.hardmatch.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "discover",
    mixinStandardHelpOptions = true,
    header = "Propose the links file from what AD and the tenant already show; changes nothing.",
    description = {
      "Read every AD user below the base DN and every cloud user (in bulk), and propose for each",
      "AD user the cloud account that person already has, with a confidence and the evidence.",
      "FILE says where to look (links: [] is fine); its links are kept and not proposed again.",
      "yaml (default): FILE plus the proposals at or above --min-confidence, the others",
      "commented out; json: every proposal, the ambiguities and the unmatched counts; csv: one",
      "row per proposal, for 'hardmatch import'. Exit 0 done, 1 failure, 64 usage, 65 bad FILE."
    })
final class DiscoverCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Parameters(paramLabel = "FILE", description = "The links file that says where to look.")
  String file;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "OUT",
      description = "Write the result to this file instead of stdout.")
  String out;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "yaml",
      description = "yaml, json or csv (default: ${DEFAULT-VALUE}).")
  DiscoveryOutput.Format format;

  @Option(
      names = "--min-confidence",
      paramLabel = "LEVEL",
      defaultValue = "high",
      description =
          "high, medium or low (default: ${DEFAULT-VALUE}): what yaml links and csv lists; yaml"
              + " keeps the rest commented out.")
  String minConfidence;

  @Option(names = "--include-disabled", description = "Also match disabled AD users.")
  boolean includeDisabled;

  @Option(
      names = "--ldap-filter",
      paramLabel = "FILTER",
      description = "Only AD users matching this LDAP filter, e.g. (department=Sales).")
  String ldapFilter;

  @Mixin AuthOption auth = new AuthOption();

  @Mixin Throughput throughput; // created by the command line's factory

  DiscoverCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    // Everything that can be checked without the network is checked first.
    Confidence min = confidence(minConfidence);
    if (ldapFilter != null) {
      LdapListing.check(ldapFilter);
    }
    Path input = ctx.resolve(file);
    LinksFile links = LinksLoader.loadAllowingNoLinks(input, file);
    GraphAuth graphAuth = auth.parse(ctx);

    Discovering.Result result;
    ProgressLine line = ProgressLine.of(ctx);
    try {
      Discovering discovering =
          new Discovering(
              throughput.connectors(ctx, graphAuth, line), message -> line.message(message + " …"));
      result = discovering.discover(links, new Discovering.Options(includeDisabled, ldapFilter));
    } finally {
      line.clear();
    }

    String rendered = DiscoveryOutput.render(format, text(input), result.discovery(), min);
    if (out == null) {
      ctx.out().print(rendered);
      ctx.out().flush();
    } else {
      AtomicFiles.write(ctx.resolve(out), out, rendered.getBytes(StandardCharsets.UTF_8));
    }
    ctx.err().print(DiscoverySummary.render(result, format, min, file, out));
    ctx.err().flush();
    return ExitCode.OK.code();
  }

  private static Confidence confidence(String text) {
    for (Confidence c : Confidence.values()) {
      if (c.key().equalsIgnoreCase(text)) {
        return c;
      }
    }
    throw new HardmatchException(
        HardmatchException.Code.USAGE,
        "--min-confidence '" + text + "' is not a confidence level",
        "give high, medium or low");
  }

  private String text(Path input) {
    try {
      return new String(Files.readAllBytes(input), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HardmatchException(
          HardmatchException.Code.IO, file + ": cannot be read: " + e.getMessage(), "check it");
    }
  }
}
