package dev.hardmatch.plan;

import java.time.Duration;
import java.util.List;

/**
 * How long apply takes under Graph's documented write limits (docs/apply.md, "How long apply
 * takes"): 3,000 writes per 150 s per app and tenant, and 18,000 writes per 5 minutes per tenant,
 * shared with everything else that writes to it, Entra Connect included. The per-app limit is the
 * lower of the two (20 writes/s against 60), so it decides, unless other writers use more than two
 * thirds of the tenant's. Every delete, purge and set-ImmutableId is one Graph write, and so is the
 * probe apply sends before a link's delete or purge (docs/apply.md, "How long apply takes"); AD UPN
 * rewrites go to LDAP and are not counted.
 *
 * <p>Below one window's worth of writes the quota never waits, and apply takes as long as Graph
 * answers; above it, every further full window is a wait no client can shorten.
 */
public record ApplyEstimate(int graphWrites, int probeWrites, Duration atLeast) {

  /** Graph's per-app-and-tenant write limit: this many writes … */
  public static final int APP_WRITES = 3000;

  /** … per this window. */
  public static final Duration APP_WINDOW = Duration.ofSeconds(150);

  /** A plan's Graph writes, its probes included, and the least time the write limit allows. */
  public static ApplyEstimate of(Plan plan) {
    return of(plan.summary(), probes(plan.links()));
  }

  /**
   * The writes of a summary plus {@code probes} probe writes, and the least time Graph's per-app
   * write limit allows for them.
   */
  public static ApplyEstimate of(Plan.Summary s, int probes) {
    int writes = s.deleteUser() + s.purgeDeletedUser() + s.setImmutableId() + probes;
    long fullWindowsToWait = writes <= APP_WRITES ? 0 : (writes - 1L) / APP_WRITES;
    return new ApplyEstimate(writes, probes, APP_WINDOW.multipliedBy(fullWindowsToWait));
  }

  /** The links apply probes: each with a delete or a purge (one probe PATCH each). */
  static int probes(List<LinkPlan> links) {
    int n = 0;
    for (LinkPlan link : links) {
      if (link.actions().stream()
          .anyMatch(a -> a.type().equals("deleteUser") || a.type().equals("purgeDeletedUser"))) {
        n++;
      }
    }
    return n;
  }

  /** Whether Graph's write limit decides the duration (more writes than one window holds). */
  public boolean quotaBound() {
    return graphWrites > APP_WRITES;
  }

  /**
   * "Apply: 400,000 Graph writes (100,000 of them probes before a delete or purge) take at least 5
   * h 32 min under Graph's write limits (3,000 per 150 s per app; 18,000 per 5 min per tenant,
   * shared with Entra Connect)."
   */
  public String line() {
    return String.format(
        java.util.Locale.ROOT,
        "Apply: %,d Graph writes%s take at least %s under Graph's write limits"
            + " (3,000 per 150 s per app; 18,000 per 5 min per tenant, shared with Entra Connect).",
        graphWrites,
        probeWrites == 0
            ? ""
            : String.format(
                java.util.Locale.ROOT,
                " (%,d of them probes before a delete or purge)",
                probeWrites),
        human(atLeast));
  }

  /** "4 h 8 min", "12 min 30 s", "45 s". */
  public static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s >= 3600) {
      return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
    if (s >= 60) {
      return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
    }
    return s + " s";
  }
}
