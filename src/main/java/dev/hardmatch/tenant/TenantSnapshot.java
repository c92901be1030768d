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
 */
public record TenantSnapshot(
    Organization organization,
    Map<String, CloudUser> usersByUpn,
    Map<String, List<CloudUser>> holdersByAnchor,
    List<CloudUser> deletedUsers,
    List<RoleAssignment> roleAssignments,
    List<RoleAssignment> roleEligibilities) {

  public CloudUser userByUpn(String upn) {
    return usersByUpn.get(upn.toLowerCase(Locale.ROOT));
  }

  public List<CloudUser> holders(String immutableId) {
    return holdersByAnchor.getOrDefault(immutableId, List.of());
  }
}
