package dev.hardmatch.tenant;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every user of the tenant, active and in the recycle bin, and who holds a directory role: what
 * {@code discover} reads, in a few paged requests.
 *
 * @param roleEligibilities null when they could not be read (403 without the permission)
 */
public record TenantUsers(
    List<ListedUser> users,
    List<ListedUser> deletedUsers,
    List<RoleAssignment> roleAssignments,
    List<RoleAssignment> roleEligibilities) {

  /** Ids of the users holding or eligible for any directory role. */
  public Set<String> privileged() {
    Set<String> ids = new HashSet<>();
    roleAssignments.forEach(r -> ids.add(r.principalId()));
    if (roleEligibilities != null) {
      roleEligibilities.forEach(r -> ids.add(r.principalId()));
    }
    return ids;
  }
}
