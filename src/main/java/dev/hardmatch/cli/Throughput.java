package dev.hardmatch.cli;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.connect.Connectors;
import dev.hardmatch.connect.Pins;
import dev.hardmatch.tenant.GraphAuth;
import dev.hardmatch.tenant.GraphProgress;
import dev.hardmatch.tenant.GraphTenant;
import dev.hardmatch.tenant.WriteQuota;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * How plan, apply and verify open their adapters, with the hidden knob for tenants with a different
 * write quota: {@code --write-quota N/WINDOW} (or {@value #QUOTA_ENV}), the writes per window apply
 * paces itself to; default Graph's per-app limit, 3000/150s. Picocli creates it through the command
 * line's factory, so a harness can open other adapters (the benchmark's naive ones, in tests).
 */
class Throughput {

  /** Same form as {@code --write-quota}; the option wins when both are given. */
  static final String QUOTA_ENV = "HARDMATCH_GRAPH_WRITE_QUOTA";

  private static final Pattern QUOTA = Pattern.compile("(\\d+)\\s*/\\s*(\\d+)\\s*(ms|s|m)");

  @Option(
      names = "--write-quota",
      hidden = true,
      paramLabel = "N/WINDOW",
      description = "Graph writes per window to pace to, e.g. 300/10s (default 3000/150s).")
  String writeQuota;

  /** The write quota, pins and deadline for {@link Connectors}. */
  Connectors.Settings settings(CliContext ctx) {
    return new Connectors.Settings(quota(ctx), pins, deadline);
  }

  /** How long throttled Graph requests are sent again; apply sets it from {@code --deadline}. */
  Duration deadline = GraphTenant.Options.DEFAULT_DEADLINE;

  /** The endpoints the commands pin (see {@link PinOptions}); none unless a command sets them. */
  Pins pins = Pins.NONE;

  /**
   * The real directory and tenant, reached with these settings and {@code auth}, refusing links
   * files that name other endpoints than {@link #pins}.
   */
  Connectors connectors(CliContext ctx, GraphAuth auth, GraphProgress progress) {
    return new Connectors(ctx.env(), ctx.workDir(), auth, settings(ctx), progress);
  }

  WriteQuota quota(CliContext ctx) {
    if (writeQuota != null) {
      return parseQuota(writeQuota, "--write-quota");
    }
    String env = ctx.env(QUOTA_ENV);
    if (env != null && !env.isBlank()) {
      return parseQuota(env, QUOTA_ENV);
    }
    return WriteQuota.GRAPH_DEFAULT;
  }

  static WriteQuota parseQuota(String text, String where) {
    Matcher m = QUOTA.matcher(text.strip());
    if (m.matches()) {
      try {
        long count = Long.parseLong(m.group(1));
        long amount = Long.parseLong(m.group(2));
        Duration window =
            m.group(3).equals("ms")
                ? Duration.ofMillis(amount)
                : m.group(3).equals("s") ? Duration.ofSeconds(amount) : Duration.ofMinutes(amount);
        if (count >= 1 && count <= 1_000_000 && amount >= 1) {
          return new WriteQuota((int) count, window);
        }
      } catch (NumberFormatException | ArithmeticException tooLarge) {
        // reported below
      }
    }
    throw new HardmatchException(
        HardmatchException.Code.USAGE,
        where + " '" + text + "' is not a write quota",
        "write it as WRITES/WINDOW, e.g. 300/10s or 3000/150s (window in ms, s or m)");
  }
}
