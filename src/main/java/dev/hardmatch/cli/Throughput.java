package dev.hardmatch.cli;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.directory.LdapDirectory;
import dev.hardmatch.directory.OneByOneDirectory;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.GraphAuth;
import dev.hardmatch.tenant.GraphProgress;
import dev.hardmatch.tenant.GraphTenant;
import dev.hardmatch.tenant.OneByOneTenant;
import dev.hardmatch.tenant.Tenant;
import dev.hardmatch.tenant.WriteQuota;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Hidden knobs of plan and apply for the benchmark and for tenants with a different write quota:
 * {@code --strategy bulk|naive} (naive: one request per lookup and per write, only to measure what
 * bulk saves) and {@code --write-quota N/WINDOW} (or {@value #QUOTA_ENV}), the writes per window
 * apply paces itself to; default Graph's per-app limit, 3000/150s.
 */
final class Throughput {

  /** Same form as {@code --write-quota}; the option wins when both are given. */
  static final String QUOTA_ENV = "HARDMATCH_GRAPH_WRITE_QUOTA";

  private static final Pattern QUOTA = Pattern.compile("(\\d+)\\s*/\\s*(\\d+)\\s*(ms|s|m)");

  @Option(
      names = "--strategy",
      hidden = true,
      description = "bulk (default) or naive: one request per lookup and write (benchmark only).")
  String strategy = "bulk";

  @Option(
      names = "--write-quota",
      hidden = true,
      paramLabel = "N/WINDOW",
      description = "Graph writes per window to pace to, e.g. 300/10s (default 3000/150s).")
  String writeQuota;

  boolean naive() {
    switch (strategy.toLowerCase(Locale.ROOT)) {
      case "bulk":
        return false;
      case "naive":
        return true;
      default:
        throw new HardmatchException(
            HardmatchException.Code.USAGE,
            "unknown --strategy " + strategy,
            "use bulk (the default) or naive (benchmark only)");
    }
  }

  /** The Graph adapter with this quota and progress, one by one when naive. */
  Tenant tenant(LinksFile.TenantSpec spec, GraphAuth auth, CliContext ctx, GraphProgress progress) {
    boolean naive = naive();
    GraphTenant.Options options =
        GraphTenant.Options.defaults()
            .withWriteQuota(quota(ctx))
            .withProgress(progress == null ? GraphProgress.NONE : progress);
    GraphTenant graph = GraphTenant.open(spec, auth, ctx.env(), options);
    return naive ? new OneByOneTenant(graph) : graph;
  }

  /** The LDAP adapter, one search per sAMAccountName when naive. */
  Directory directory(LinksFile.DirectorySpec spec, CliContext ctx) {
    boolean naive = naive();
    LdapDirectory ldap = LdapDirectory.open(spec, ctx.env());
    return naive ? new OneByOneDirectory(ldap) : ldap;
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
