package dev.hardmatch.apply;

import dev.hardmatch.plan.LinkPlan;
import dev.hardmatch.plan.TenantView;
import dev.hardmatch.tenant.Tenant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The I/O half of the one tenant view: one bulk read of what some links' steps touch, with one
 * Graph read per object the bulk read did not return (advanced queries are eventually consistent,
 * and a renamed object is not found by its old UPN). The stale-plan gate and the executor both read
 * the tenant only through here.
 */
final class TenantReads {
  private TenantReads() {}

  /**
   * The view of every target and anchor holder of {@code links} (their UPNs and planned anchors).
   *
   * @param knownGone objects known to be purged, which need no single read
   */
  static TenantView read(Tenant tenant, Collection<LinkPlan> links, Set<String> knownGone) {
    Set<String> upns = new LinkedHashSet<>();
    Set<String> anchors = new LinkedHashSet<>();
    for (LinkPlan link : links) {
      upns.add(link.upn());
      anchors.add(link.anchor().immutableId());
    }
    return TenantView.of(tenant.read(upns, anchors), tenant::user, knownGone);
  }
}
