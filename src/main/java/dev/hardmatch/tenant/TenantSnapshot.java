package dev.hardmatch.tenant;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the planner knows of the tenant, read in bulk.
 *
 * @param usersByUpn the requested target UPNs that exist, key lower-cased
 * @param holdersByAnchor active users holding each requested ImmutableId (anchors are
 *     case-sensitive, keys are exact)
 * @param deletedUsers every user in the recycle bin (listed once, joined locally)
 * @param roleAssignments every active directory role assignment
 * @param roleEligibilities every eligible role assignment; null when they could not be read (e.g.
 *     403 without the permission): the planner warns instead of guessing
 * @param eligibilitiesUnlicensed the tenant has no Entra ID P2 (Graph answered 400
 *     AadPremiumLicenseRequired): no eligibility can exist, {@code roleEligibilities} is empty
 * @param roleGroups the role-assignable groups holding a role (assigned or eligible) and their
 *     members
 * @param usersBySid active users carrying each requested onPremisesSecurityIdentifier (the AD
 *     users' objectSids): the duplicates sync created, with the anchor Entra Connect computed
 * @param takeover the hard-match takeover window, {@link HardMatchTakeover#UNKNOWN} when the
 *     credential cannot read it
 */
public record TenantSnapshot(
    Organization organization,
    Map<String, CloudUser> usersByUpn,
    Map<String, List<CloudUser>> holdersByAnchor,
    List<CloudUser> deletedUsers,
    List<RoleAssignment> roleAssignments,
    List<RoleAssignment> roleEligibilities,
    boolean eligibilitiesUnlicensed,
    List<RoleGroup> roleGroups,
    Map<String, List<CloudUser>> usersBySid,
    HardMatchTakeover takeover) {

  /** A snapshot without the 2026 reads (no groups, no SIDs, takeover unknown). */
  public TenantSnapshot(
      Organization organization,
      Map<String, CloudUser> usersByUpn,
      Map<String, List<CloudUser>> holdersByAnchor,
      List<CloudUser> deletedUsers,
      List<RoleAssignment> roleAssignments,
      List<RoleAssignment> roleEligibilities) {
    this(
        organization,
        usersByUpn,
        holdersByAnchor,
        deletedUsers,
        roleAssignments,
        roleEligibilities,
        false,
        List.of(),
        Map.of(),
        HardMatchTakeover.UNKNOWN);
  }

  /** The same snapshot with the takeover window as read. */
  public TenantSnapshot withTakeover(HardMatchTakeover value) {
    return new TenantSnapshot(
        organization,
        usersByUpn,
        holdersByAnchor,
        deletedUsers,
        roleAssignments,
        roleEligibilities,
        eligibilitiesUnlicensed,
        roleGroups,
        usersBySid,
        value);
  }

  /** Active users whose onPremisesSecurityIdentifier is {@code sid} (exact). */
  public List<CloudUser> usersWithSid(String sid) {
    return sid == null || usersBySid == null ? List.of() : usersBySid.getOrDefault(sid, List.of());
  }

  public CloudUser userByUpn(String upn) {
    return usersByUpn.get(upn.toLowerCase(Locale.ROOT));
  }

  public List<CloudUser> holders(String immutableId) {
    return holdersByAnchor.getOrDefault(immutableId, List.of());
  }
}
