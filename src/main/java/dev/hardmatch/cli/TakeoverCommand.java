package dev.hardmatch.cli;

import dev.hardmatch.ExitCode;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.connect.Connectors;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.HardMatchTakeover;
import dev.hardmatch.tenant.TakeoverWindow;
import dev.hardmatch.tenant.Tenant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code hardmatch takeover status|open|close FILE}: reads and flips the tenant's hard-match
 * takeover flag ({@code blockCloudObjectTakeoverThroughHardMatchEnabled}), saying what it was.
 * Graph allows this to a Global Administrator's delegated sign-in only: {@code --auth device-code}
 * (README, "Runbook for 2026 tenants").
 */
@Command(
    name = "takeover",
    mixinStandardHelpOptions = true,
    header = "Show, open or close the tenant's hard-match takeover window.",
    description = {
      "status: whether the tenant blocks hard matches (blockCloudObjectTakeoverThroughHardMatch-",
      "Enabled). open: allow them for the migration window. close: block them again.",
      "Needs a Global Administrator's delegated sign-in (--auth device-code); application",
      "permissions cannot read or change the flag. Exit 0, 1 failure, 64 usage."
    })
final class TakeoverCommand implements Callable<Integer> {
  /** What to do with the window. */
  enum Verb {
    status,
    open,
    close
  }

  private final CliContext ctx;

  @Parameters(index = "0", paramLabel = "ACTION", description = "status, open or close.")
  Verb verb;

  @Parameters(index = "1", paramLabel = "FILE", description = "The links file (its tenant).")
  String file;

  @Mixin AuthOption auth = new AuthOption();

  TakeoverCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Connectors adapters = new Throughput().connectors(ctx, auth.parse(ctx), null);
    LinksFile links = adapters.loadLinks(ctx.resolve(file));
    try (Tenant tenant = adapters.openTenant(links)) {
      TakeoverWindow before =
          switch (verb) {
            case status -> tenant.takeoverWindow();
            case open -> tenant.setTakeoverBlocked(false);
            case close -> tenant.setTakeoverBlocked(true);
          };
      if (before.id() != null && !before.id().equalsIgnoreCase(links.tenant().id())) {
        throw new HardmatchException(
            HardmatchException.Code.GRAPH,
            "the signed-in tenant is "
                + before.id()
                + ", the links file names "
                + links.tenant().id(),
            "sign in to the tenant the links file names");
      }
      ctx.out().println(describe(verb, before.state()));
    }
    ctx.out().flush();
    return ExitCode.OK.code();
  }

  static String describe(Verb verb, HardMatchTakeover before) {
    String was = words(before);
    return switch (verb) {
      case status -> "takeover window: " + was;
      case open ->
          before == HardMatchTakeover.OPEN
              ? "takeover window: was already open; unchanged. Close it after the sync:"
                  + " hardmatch takeover close"
              : "takeover window: was "
                  + was
                  + "; now open. Close it after the sync:"
                  + " hardmatch takeover close";
      case close ->
          before == HardMatchTakeover.BLOCKED
              ? "takeover window: was already closed; unchanged"
              : "takeover window: was " + was + "; now closed (hard matches blocked)";
    };
  }

  private static String words(HardMatchTakeover state) {
    return switch (state) {
      case OPEN -> "open (hard matches allowed)";
      case BLOCKED ->
          "closed (blockCloudObjectTakeoverThroughHardMatchEnabled: hard matches blocked)";
      case UNKNOWN -> "unknown";
    };
  }
}
