package dev.hardmatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hardmatch.connect.Connectors;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.Tenant;
import dev.hardmatch.util.Json;
import dev.hardmatch.verify.Verifying;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    header = "Check every link is in effect (drift detection).",
    description = {
      "Check that every link of a links file is in effect: the cloud account holds",
      "the AD anchor, sync has taken it over, no other object holds the anchor.",
      "Changes nothing. Exit 0 all linked, 2 some pending sync, 1 any broken:",
      "run it on a schedule to detect drift."
    })
final class VerifyCommand implements Callable<Integer> {
  /** How the result is printed. */
  enum Format {
    text,
    json
  }

  private final CliContext ctx;

  @ParentCommand RootCommand root;

  @Parameters(paramLabel = "FILE", description = "The links file, e.g. links.yaml.")
  String file;

  @Mixin FormatOption<Format> format = new FormatOption<>(Format.class);

  @Mixin AuthOption auth = new AuthOption();

  VerifyCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Connectors adapters = new Throughput().connectors(ctx, auth.parse(ctx), null);
    LinksFile links = adapters.loadLinks(ctx.resolve(file));
    Verifying.Report report;
    try (Directory directory = adapters.openDirectory(links);
        Tenant tenant = adapters.openTenant(links)) {
      report = Verifying.verify(links, directory, tenant);
    }
    if (format.get() == Format.json) {
      try {
        ctx.out().println(Json.pretty().writeValueAsString(report));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      printTable(report, ctx.out(), ctx.colour() && (root == null || !root.noColor));
    }
    ctx.out().flush();
    return report.exitCode();
  }

  private static void printTable(Verifying.Report report, PrintWriter out, boolean colour) {
    int samW = "SAM".length();
    int upnW = "UPN".length();
    int stateW = "STATE".length();
    for (Verifying.LinkState s : report.links()) {
      samW = Math.max(samW, s.sam().length());
      upnW = Math.max(upnW, s.upn().length());
      stateW = Math.max(stateW, s.state().text().length());
    }
    String fmt = "%-" + samW + "s  %-" + upnW + "s  %s%s";
    out.println(String.format(fmt, "SAM", "UPN", pad("STATE", stateW), "  REASON").stripTrailing());
    for (Verifying.LinkState s : report.links()) {
      String state = pad(s.state().text(), stateW);
      if (colour) {
        state = paint(s.state()) + state + "\u001b[0m";
      }
      String reason = s.reason() == null ? "" : "  " + s.reason();
      out.println(String.format(fmt, s.sam(), s.upn(), state, reason).stripTrailing());
    }
    Verifying.Summary sum = report.summary();
    out.println(
        sum.total()
            + (sum.total() == 1 ? " link: " : " links: ")
            + sum.linked()
            + " linked, "
            + sum.pendingSync()
            + " pending-sync, "
            + sum.broken()
            + " broken");
    if (sum.broken() == 0 && sum.pendingSync() > 0) {
      out.println(
          "Next: run a delta sync (Start-ADSyncSyncCycle -PolicyType Delta), then verify again.");
    }
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static String paint(Verifying.State state) {
    switch (state) {
      case LINKED:
        return "\u001b[32m";
      case PENDING_SYNC:
        return "\u001b[33m";
      default:
        return "\u001b[31m";
    }
  }
}
