package dev.hardmatch.sandbox.graph;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which application permissions Graph accepts for each endpoint hardmatch calls: ONE table, each
 * row citing the "Permissions" section of its documentation page. The emulator answers 403 {@code
 * Authorization_RequestDenied} ("Insufficient privileges to complete the operation.",
 * https://learn.microsoft.com/graph/errors) when the token carries none of a row's permissions. A
 * delegated token ({@code --delegated}) acts for a signed-in Global Administrator and passes every
 * row; rows marked delegated-only refuse every application token, as Graph documents ("Application:
 * Not supported."). The README's permission table documents the same set per command.
 */
public final class Permissions {

  /**
   * The least-privilege application permissions hardmatch needs (the default of {@code sandbox
   * serve --permissions}): read users and the recycle bin, the organization, role assignments and
   * eligibilities, the members of role-assignable groups; write the anchor; delete, restore and
   * purge users. GroupMember.Read.All is the least a token needs to list role-assignable groups and
   * their members (group-list, group-list-members).
   */
  public static final String LEAST_PRIVILEGE_TEXT =
      "User.Read.All,Organization.Read.All,RoleManagement.Read.Directory,User.ReadWrite.All,"
          + "User.DeleteRestore.All,GroupMember.Read.All";

  /** {@link #LEAST_PRIVILEGE_TEXT} as a list. */
  public static final List<String> LEAST_PRIVILEGE = List.of(LEAST_PRIVILEGE_TEXT.split(","));

  /** The answer Graph gives a token without a permission the endpoint accepts. */
  static final String DENIED = "Insufficient privileges to complete the operation.";

  /**
   * One endpoint: {@code route} as {@link GraphApi#template} writes it (with {@code /beta} in front
   * for the beta version); {@code accepted} empty = delegated only.
   */
  record Rule(String route, Set<String> accepted, String source) {
    Rule(String route, String source, String... accepted) {
      this(route, new LinkedHashSet<>(Arrays.asList(accepted)), source);
    }
  }

  private static final String DOCS = "https://learn.microsoft.com/graph/api/";

  // What every user-reading page lists for applications (least privileged first).
  private static final String[] READ_USERS = {
    "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"
  };
  // Delete, restore and purge of users (user-delete, directory-deleteditems-*).
  private static final String[] DELETE_RESTORE_USERS = {
    "User.DeleteRestore.All", "User.ReadWrite.All"
  };

  /** The table. Least-privileged permission first, then the higher ones each page lists. */
  static final List<Rule> TABLE =
      List.of(
          new Rule(
              "GET /organization",
              DOCS + "organization-list",
              "Organization.Read.All",
              "Directory.Read.All",
              "Organization.ReadWrite.All",
              "Directory.ReadWrite.All"),
          new Rule("GET /users", DOCS + "user-list", READ_USERS),
          new Rule("GET /users/{id}", DOCS + "user-get", READ_USERS),
          new Rule("GET /users/{id}/manager", DOCS + "user-list-manager", READ_USERS),
          new Rule(
              "GET /users/{id}/memberOf/graph.group",
              DOCS + "user-list-memberof",
              "GroupMember.Read.All",
              "Directory.Read.All",
              "Directory.ReadWrite.All"),
          new Rule(
              "PATCH /users/{id}",
              DOCS + "user-update",
              "User.ReadWrite.All",
              "Directory.ReadWrite.All"),
          new Rule("DELETE /users/{id}", DOCS + "user-delete", DELETE_RESTORE_USERS),
          new Rule(
              "GET /directory/deletedItems/microsoft.graph.user",
              DOCS + "directory-deleteditems-list",
              READ_USERS),
          new Rule(
              "GET /directory/deletedItems/{id}/graph.user",
              DOCS + "directory-deleteditems-get",
              READ_USERS),
          new Rule(
              "GET /directory/deletedItems/graph.user",
              DOCS + "directory-deleteditems-list",
              READ_USERS),
          new Rule(
              "GET /directory/deletedItems/{id}", DOCS + "directory-deleteditems-get", READ_USERS),
          new Rule(
              "DELETE /directory/deletedItems/{id}",
              DOCS + "directory-deleteditems-delete",
              DELETE_RESTORE_USERS),
          new Rule(
              "POST /directory/deletedItems/{id}/restore",
              DOCS + "directory-deleteditems-restore",
              DELETE_RESTORE_USERS),
          new Rule(
              "GET /roleManagement/directory/roleAssignments",
              DOCS + "rbacapplication-list-roleassignments",
              "RoleManagement.Read.Directory",
              "Directory.Read.All",
              "RoleManagement.ReadWrite.Directory",
              "Directory.ReadWrite.All"),
          new Rule(
              "GET /roleManagement/directory/roleEligibilityScheduleInstances",
              DOCS + "rbacapplication-list-roleeligibilityscheduleinstances",
              "RoleEligibilitySchedule.Read.Directory",
              "RoleManagement.Read.Directory",
              "RoleManagement.Read.All",
              "RoleEligibilitySchedule.ReadWrite.Directory",
              "RoleManagement.ReadWrite.Directory"),
          new Rule(
              "GET /groups",
              DOCS + "group-list",
              "GroupMember.Read.All",
              "Group.Read.All",
              "Directory.Read.All",
              "Group.ReadWrite.All",
              "Directory.ReadWrite.All"),
          new Rule(
              "GET /groups/{id}/members",
              DOCS + "group-list-members",
              "GroupMember.Read.All",
              "Group.Read.All",
              "Directory.Read.All",
              "GroupMember.ReadWrite.All",
              "Group.ReadWrite.All"),
          // Application permissions: "Not supported." (delegated, Global Administrator only).
          new Rule(
              "GET /directory/onPremisesSynchronization",
              DOCS + "onpremisesdirectorysynchronization-get"),
          new Rule(
              "PATCH /directory/onPremisesSynchronization/{id}",
              DOCS + "onpremisesdirectorysynchronization-update"),
          // The beta user carries onPremisesObjectIdentifier; reads need what v1.0 reads need
          // (https://learn.microsoft.com/graph/api/user-get?view=graph-rest-beta).
          new Rule("GET /beta/users", DOCS + "user-list?view=graph-rest-beta", READ_USERS),
          new Rule("GET /beta/users/{id}", DOCS + "user-get?view=graph-rest-beta", READ_USERS),
          // Clearing onPremisesObjectIdentifier: User-OnPremisesSyncBehavior.ReadWrite.All
          // (https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-install-existing-tenant,
          // "Hard match security protections").
          new Rule(
              "PATCH /beta/users/{id}",
              DOCS + "user-update?view=graph-rest-beta",
              "User-OnPremisesSyncBehavior.ReadWrite.All"));

  private Permissions() {}

  /** The table's row for a route, or null for a route hardmatch does not use. */
  static Rule rule(String route) {
    for (Rule r : TABLE) {
      if (r.route().equals(route)) {
        return r;
      }
    }
    return null;
  }

  /**
   * The refusal for a token with {@code granted} application permissions ({@code delegated}: a
   * Global Administrator's delegated token) calling {@code route}, or null when allowed. Routes
   * outside the table are left to the router (400/405 as Graph answers).
   */
  static GraphError check(String route, Set<String> granted, boolean delegated) {
    if (delegated) {
      return null;
    }
    Rule rule = rule(route);
    if (rule == null) {
      return null;
    }
    for (String p : rule.accepted()) {
      if (granted.contains(p)) {
        return null;
      }
    }
    return GraphError.forbidden(DENIED);
  }
}
