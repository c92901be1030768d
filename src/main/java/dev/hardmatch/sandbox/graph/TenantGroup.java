package dev.hardmatch.sandbox.graph;

import java.util.List;

/**
 * A group of the tenant (tenant.json {@code groups}): a role-assignable group can hold directory
 * roles for its members
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/groups-concept); such a
 * group's members are users only, it cannot nest other groups.
 *
 * @param id object id
 * @param displayName display name
 * @param isAssignableToRole whether directory roles can be assigned to it
 * @param members object ids of the member users
 */
public record TenantGroup(
    String id, String displayName, boolean isAssignableToRole, List<String> members) {
  public TenantGroup {
    members = List.copyOf(members);
  }
}
