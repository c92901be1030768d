package dev.hardmatch.tenant;

import java.util.List;

/**
 * A role-assignable group ({@code isAssignableToRole: true}) and the ids of its members: a role
 * assigned to it (or made eligible) is held by each member, and Entra refuses a hard match onto any
 * of them. Role-assignable groups cannot contain groups, so the members are users.
 */
public record RoleGroup(String id, String displayName, List<String> memberIds) {}
