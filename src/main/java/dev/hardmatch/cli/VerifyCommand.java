package dev.hardmatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hardmatch.apply.DurationParser;
import dev.hardmatch.connect.Connectors;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.Tenant;
import dev.hardmatch.util.Json;
import dev.hardmatch.verify.Verifying;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    header = "Check every link is in effect (drift detection).",
    description = {
      "Check that every link of a links file is in effect: the cloud account holds",
      "the AD anchor, sync has taken it over, no other object holds the anchor.",
      "States: linked, pending-sync, not-applied (no anchor yet, nothing wrong), broken.",
      "With --wait, checks again every --interval until all are linked or time is up.",
      "Changes nothing. Exit 0 all linked, 2 some pending-sync or not-applied (none",
      "broken), 1 any broken: run it on a schedule to detect drift."
    })
final class VerifyCommand implements Callable<Integer> {
  /** How the result is printed. */
  enum Format {
    text,
    json,
    markdown
  }

  private final CliContext ctx;

  @ParentCommand RootCommand root;

  @Parameters(paramLabel = "FILE", description = "The links file, e.g. links.yaml.")
  String file;

  @Mixin FormatOption<Format> format = new FormatOption<>(Format.class);

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      description =
          "Check again until every link is linked or DURATION has passed (e.g. 45m), with a"
              + " progress line on stderr; the exit code is that of the last check.")
  String waitFor;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description = "With --wait: time between checks (default ${DEFAULT-VALUE}).")
  String interval;

  @Mixin AuthOption auth = new AuthOption();

  @Mixin PinOptions pinned = new PinOptions();

  VerifyCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws InterruptedException {
    Duration wait =
        waitFor == null ? Duration.ZERO : SandboxSchedulerCommand.duration("--wait", waitFor);
    Duration every = SandboxSchedulerCommand.duration("--interval", interval);
    Throughput throughput = new Throughput();
    throughput.pins = pinned.pins(ctx);
    Connectors adapters = throughput.connectors(ctx, auth.parse(ctx), null);
    LinksFile links = adapters.loadLinks(ctx.resolve(file));
    adapters.checkTrust(links); // pins and credential files: before anything connects
    Verifying.Report report;
    try (Directory directory = adapters.openDirectory(links);
        Tenant tenant = adapters.openTenant(links)) {
      long deadline = System.nanoTime() + wait.toNanos();
      report = Verifying.verify(links, directory, tenant);
      while (waitFor != null && !report.allLinked()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          progress(report, "time is up");
          break;
        }
        Duration pause = every.toNanos() < left ? every : Duration.ofNanos(left);
        progress(
            report,
            "checking again in "
                + DurationParser.format(pause)
                + " ("
                + DurationParser.format(Duration.ofNanos(left).withNanos(0))
                + " left)");
        Thread.sleep(pause.toMillis());
        report = Verifying.verify(links, directory, tenant);
      }
    }
    if (format.get() == Format.json) {
      try {
        ctx.out().println(Json.pretty().writeValueAsString(report));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    } else if (format.get() == Format.markdown) {
      ctx.out().print(VerifyMarkdown.render(report, file));
    } else {
      printTable(report, ctx.out(), ctx.colour() && (root == null || !root.noColor));
    }
    ctx.out().flush();
    return report.exitCode();
  }

  private void progress(Verifying.Report report, String what) {
    ctx.err().println("verify: " + counts(report.summary()) + "; " + what);
    ctx.err().flush();
  }

  static String counts(Verifying.Summary sum) {
    return sum.total()
        + (sum.total() == 1 ? " link: " : " links: ")
        + sum.linked()
        + " linked, "
        + sum.pendingSync()
        + " pending-sync, "
        + sum.notApplied()
        + " not-applied, "
        + sum.broken()
        + " broken";
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
    out.println(counts(sum));
    if (sum.broken() == 0 && sum.notApplied() > 0) {
      out.println("Next: apply the reviewed plan (hardmatch apply), then sync and verify again.");
    } else if (sum.broken() == 0 && sum.pendingSync() > 0) {
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
      case NOT_APPLIED:
        return "\u001b[33m";
      default:
        return "\u001b[31m";
    }
  }
}
