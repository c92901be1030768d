package dev.hardmatch.plan;

import dev.hardmatch.directory.AdUser;
import dev.hardmatch.spec.LinksFile.Link;
import dev.hardmatch.tenant.CloudUser;
import java.util.ArrayList;
import java.util.List;

/**
 * The hard-match blocks Entra added in 2026, each with how to lift it in Entra (README, "Planning
 * rules"): a takeover window that is closed, a target with {@code onPremisesObjectIdentifier} set
 * (sync error 96), a target synced once before (Graph refuses its on-premises attributes), and a
 * duplicate that shows Entra Connect computes another anchor than hardmatch. Privileged targets,
 * also through role-assignable groups, stay {@link ProblemCode#TARGET_PRIVILEGED} in the planner.
 * Pure, like the planner.
 */
final class SyncBlocks {
  private SyncBlocks() {}

  /** Every block on one link whose target is not synced (a hard match is still ahead). */
  static List<Problem> of(
      Link link, AdUser ad, LinkPlan.AnchorRef anchor, CloudUser target, TenantView tenant) {
    List<Problem> out = new ArrayList<>();
    if (target.onPremisesObjectIdentifier() != null) {
      out.add(problem(link, ProblemCode.TARGET_ONPREM_OBJECT_ID_SET, objectIdSet(target)));
    }
    if (target.previouslySynced()) {
      out.add(problem(link, ProblemCode.TARGET_PREVIOUSLY_SYNCED, previouslySynced(target)));
    }
    String sid = ad.sid();
    for (CloudUser created : tenant.usersWithSid(sid)) {
      String connects = created.onPremisesImmutableId();
      if (!created.id().equals(target.id())
          && connects != null
          && !connects.equals(anchor.immutableId())) {
        out.add(
            problem(
                link,
                ProblemCode.ANCHOR_DISAGREES_WITH_SYNC,
                anchorDisagrees(created, sid, connects, anchor)));
      }
    }
    return out;
  }

  /** The plan-wide block: the tenant's takeover window is closed. */
  static Problem takeoverBlocked(int waiting) {
    return new Problem(
        ProblemCode.TAKEOVER_BLOCKED,
        null,
        null,
        "the tenant blocks every hard match"
            + " (onPremisesSynchronization.features.blockCloudObjectTakeoverThroughHardMatchEnabled"
            + " is on), so none of the "
            + waiting
            + " links waiting for one would take effect — open the takeover window with"
            + " `hardmatch takeover open` (a Global Administrator's delegated sign-in), plan,"
            + " apply and sync, then close it with `hardmatch takeover close`");
  }

  static String objectIdSet(CloudUser target) {
    return target.userPrincipalName()
        + " (id "
        + target.id()
        + ") has onPremisesObjectIdentifier "
        + target.onPremisesObjectIdentifier()
        + ": Entra refuses to hard-match it (sync error 96 AttributeUpdateNotAllowed) — clear it"
        + " with PATCH https://graph.microsoft.com/beta/users/"
        + target.id()
        + " {\"onPremisesObjectIdentifier\": null} (permission"
        + " User-OnPremisesSyncBehavior.ReadWrite.All), then plan again";
  }

  static String previouslySynced(CloudUser target) {
    List<String> traces = new ArrayList<>();
    if (target.onPremisesSecurityIdentifier() != null) {
      traces.add("onPremisesSecurityIdentifier " + target.onPremisesSecurityIdentifier());
    }
    if (target.onPremisesDistinguishedName() != null) {
      traces.add("onPremisesDistinguishedName " + target.onPremisesDistinguishedName());
    }
    if (target.onPremisesLastSyncDateTime() != null) {
      traces.add("onPremisesLastSyncDateTime " + target.onPremisesLastSyncDateTime());
    }
    return target.userPrincipalName()
        + " (id "
        + target.id()
        + ") was synced from on-premises before (onPremisesSyncEnabled false, but "
        + String.join(", ", traces)
        + "): Graph refuses to write its onPremisesImmutableId (400 \"objects that have"
        + " originated within an external service\") — clear its on-premises attributes in Entra"
        + " first (Microsoft's \"clear on-premises attributes\" procedure for users whose sync was"
        + " turned off), then plan again";
  }

  static String anchorDisagrees(
      CloudUser created, String sid, String connects, LinkPlan.AnchorRef anchor) {
    return "Entra Connect created "
        + created.userPrincipalName()
        + " (id "
        + created.id()
        + ") for this AD user (onPremisesSecurityIdentifier "
        + sid
        + ") with onPremisesImmutableId "
        + connects
        + ", but hardmatch computed "
        + anchor.immutableId()
        + " from "
        + anchor.attribute()
        + ": Connect uses another source anchor and would never match — set"
        + " directory.sourceAnchor to the attribute Connect uses (or let the bind account read"
        + " mS-DS-ConsistencyGuid), then plan again";
  }

  private static Problem problem(Link link, ProblemCode code, String message) {
    return new Problem(code, link.sam(), link.upn(), message);
  }
}
