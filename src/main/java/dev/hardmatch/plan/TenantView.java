package dev.hardmatch.plan;

import dev.hardmatch.tenant.CloudUser;
import dev.hardmatch.tenant.HardMatchTakeover;
import dev.hardmatch.tenant.Organization;
import dev.hardmatch.tenant.RoleAssignment;
import dev.hardmatch.tenant.RoleGroup;
import dev.hardmatch.tenant.TenantSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one indexed view of the tenant that the planner, apply's stale-plan gate, the executor and
 * verify share: active users by id, UPN and anchor; the recycle bin by id, anchor and original UPN;
 * role assignments and eligibilities by principal, including those held through a role-assignable
 * group; sync-created users by onPremisesSecurityIdentifier; the takeover window. Every lookup is a
 * map lookup, built once per bulk read.
 *
 * <p>Pure data: an object the bulk read did not return is asked of a {@link Fallback}, which apply
 * supplies (one Graph read per object: advanced queries are eventually consistent, and a renamed
 * object is not found by its old UPN). The planner uses {@link #of(TenantSnapshot)}, whose fallback
 * knows nothing.
 */
public final class TenantView {

  /** Reads one active user the bulk read did not return (I/O, so supplied from outside). */
  @FunctionalInterface
  public interface Fallback {
    Optional<CloudUser> user(String id);
  }

  // A deleted user's UPN is its object id without dashes followed by the original UPN.
  private static final Pattern DELETED_UPN_PREFIX = Pattern.compile("^[0-9a-fA-F]{32}");

  private final TenantSnapshot snapshot;
  private final Fallback fallback;
  private final Set<String> knownGone;
  private final Map<String, Optional<CloudUser>> activeById = new HashMap<>();
  private final Map<String, CloudUser> deletedById = new HashMap<>();
  private final Map<String, List<CloudUser>> deletedByAnchor = new HashMap<>();
  private final Map<String, CloudUser> deletedByUpn = new HashMap<>();
  private final Map<String, List<RoleAssignment>> assigned = new HashMap<>();
  private final Map<String, List<RoleAssignment>> eligible = new HashMap<>();
  private final Map<String, List<GroupRole>> throughGroups = new HashMap<>();
  private final Set<String> gone = new LinkedHashSet<>();

  private TenantView(TenantSnapshot snapshot, Fallback fallback, Set<String> knownGone) {
    this.snapshot = snapshot;
    this.fallback = fallback;
    this.knownGone = knownGone;
    for (CloudUser u : snapshot.usersByUpn().values()) {
      activeById.put(u.id(), Optional.of(u));
    }
    for (List<CloudUser> holders : snapshot.holdersByAnchor().values()) {
      for (CloudUser u : holders) {
        activeById.put(u.id(), Optional.of(u));
      }
    }
    for (CloudUser u : nonNull(snapshot.deletedUsers())) {
      deletedById.put(u.id(), u);
      if (u.onPremisesImmutableId() != null) {
        deletedByAnchor.computeIfAbsent(u.onPremisesImmutableId(), k -> new ArrayList<>()).add(u);
      }
      String original = originalUpn(u.userPrincipalName());
      if (original != null) {
        deletedByUpn.putIfAbsent(original.toLowerCase(Locale.ROOT), u);
      }
    }
    index(snapshot.roleAssignments(), assigned);
    index(snapshot.roleEligibilities(), eligible);
    for (RoleGroup g : nonNull(snapshot.roleGroups())) {
      List<GroupRole> held = new ArrayList<>();
      for (RoleAssignment r : assigned.getOrDefault(g.id(), List.of())) {
        held.add(new GroupRole(r, g, false));
      }
      for (RoleAssignment r : eligible.getOrDefault(g.id(), List.of())) {
        held.add(new GroupRole(r, g, true));
      }
      for (String member : nonNull(g.memberIds())) {
        throughGroups.computeIfAbsent(member, k -> new ArrayList<>()).addAll(held);
      }
    }
  }

  /** A role a user holds as a member of a role-assignable group, assigned or eligible. */
  public record GroupRole(RoleAssignment role, RoleGroup group, boolean eligible) {}

  /** A view of a bulk read alone: what it did not return is taken as not there. */
  public static TenantView of(TenantSnapshot snapshot) {
    return new TenantView(snapshot, id -> Optional.empty(), Set.of());
  }

  /**
   * A view of a bulk read that asks {@code fallback} for objects it did not return.
   *
   * @param knownGone objects known to be neither active nor in the recycle bin (purged: final),
   *     which need no single read
   */
  public static TenantView of(TenantSnapshot snapshot, Fallback fallback, Set<String> knownGone) {
    return new TenantView(snapshot, fallback, knownGone);
  }

  public Organization organization() {
    return snapshot.organization();
  }

  /** The active user with this UPN (without case), or null. */
  public CloudUser byUpn(String upn) {
    return snapshot.userByUpn(upn);
  }

  /** Active users holding {@code immutableId} (exact: anchors are case-sensitive). */
  public List<CloudUser> holders(String immutableId) {
    return snapshot.holders(immutableId);
  }

  /** Recycle-bin users holding {@code immutableId}, in the order the tenant listed them. */
  public List<CloudUser> deletedHolders(String immutableId) {
    return immutableId == null ? List.of() : deletedByAnchor.getOrDefault(immutableId, List.of());
  }

  /**
   * The recycle-bin user whose original UPN (without Entra's id prefix) is {@code upn}, or null.
   */
  public CloudUser deletedByUpn(String upn) {
    return upn == null ? null : deletedByUpn.get(upn.toLowerCase(Locale.ROOT));
  }

  /** The recycle-bin user with this id, or null. */
  public CloudUser deleted(String id) {
    return deletedById.get(id);
  }

  /**
   * The active user with this id. Not in the bulk read: in the recycle bin or known purged means
   * not active; anything else is asked of the fallback once (and remembered).
   */
  public Optional<CloudUser> active(String id) {
    Optional<CloudUser> known = activeById.get(id);
    if (known != null) {
      return known;
    }
    Optional<CloudUser> now =
        deletedById.containsKey(id) || knownGone.contains(id)
            ? Optional.empty()
            : fallback.user(id);
    activeById.put(id, now);
    if (now.isEmpty() && !deletedById.containsKey(id)) {
      gone.add(id);
    }
    return now;
  }

  /** Objects {@link #active} found neither active nor in the recycle bin: permanently gone. */
  public Set<String> gone() {
    return gone;
  }

  /** Whether the user has any directory role, assigned or eligible, directly or through a group. */
  public boolean privileged(String id) {
    return assigned.containsKey(id)
        || eligible.containsKey(id)
        || !throughGroups.getOrDefault(id, List.of()).isEmpty();
  }

  /** Roles the user holds through role-assignable groups. */
  public List<GroupRole> groupRoles(String id) {
    return throughGroups.getOrDefault(id, List.of());
  }

  /** The hard-match takeover window as read; UNKNOWN when the credential could not read it. */
  public HardMatchTakeover takeover() {
    return snapshot.takeover() == null ? HardMatchTakeover.UNKNOWN : snapshot.takeover();
  }

  /** True when the tenant has no Entra ID P2: no eligible role assignment can exist. */
  public boolean eligibilitiesUnlicensed() {
    return snapshot.eligibilitiesUnlicensed();
  }

  /** Active users whose onPremisesSecurityIdentifier is {@code sid}: what sync created for it. */
  public List<CloudUser> usersWithSid(String sid) {
    return snapshot.usersWithSid(sid);
  }

  public List<RoleAssignment> assignedRoles(String id) {
    return assigned.getOrDefault(id, List.of());
  }

  public List<RoleAssignment> eligibleRoles(String id) {
    return eligible.getOrDefault(id, List.of());
  }

  /** False when eligible role assignments could not be read (e.g. 403 without the permission). */
  public boolean eligibilitiesKnown() {
    return snapshot.roleEligibilities() != null;
  }

  /** A deleted user's UPN without the object-id prefix Entra adds on deletion. */
  public static String originalUpn(String upn) {
    return upn == null ? null : DELETED_UPN_PREFIX.matcher(upn).replaceFirst("");
  }

  private static void index(List<RoleAssignment> roles, Map<String, List<RoleAssignment>> into) {
    for (RoleAssignment r : nonNull(roles)) {
      into.computeIfAbsent(r.principalId(), k -> new ArrayList<>()).add(r);
    }
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
