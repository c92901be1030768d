package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.HardmatchException.Code;
import dev.hardmatch.tenant.CloudUser;
import dev.hardmatch.tenant.Organization;
import dev.hardmatch.tenant.Organization.VerifiedDomain;
import dev.hardmatch.tenant.RoleAssignment;
import dev.hardmatch.util.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The in-memory Entra ID tenant behind the emulator, in the {@code tenant.json} format ({@code
 * schemas/tenant.schema.json}): users carry Graph's own property names and are kept as JSON
 * objects, so {@code $select} and {@link #toJson()} see exactly what was loaded.
 *
 * <p>Thread-safe: every method locks the instance. A caller that needs several calls to be atomic
 * (check, then write) holds {@code synchronized (state)} around them.
 */
public final class TenantState {
  static final ObjectMapper JSON = Json.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String tenantId;
  private final String displayName;
  private final List<VerifiedDomain> verifiedDomains;
  // The file's "$schema" pointer (for editors), written back so the format round-trips.
  private String schemaPointer;
  // Keys are lower-cased object ids; insertion order is the order Graph lists them in here. Each
  // user is kept as its JSON bytes and decoded on every read, so what a method hands out is already
  // the caller's own copy, and a change to a user is stored by putting it again.
  private final StoredUsers users = new StoredUsers();
  private final StoredUsers deletedUsers = new StoredUsers();
  // Lookup indexes by property (see usersWhere), updated on every change.
  private final UserIndex index = new UserIndex(users, deletedUsers);
  // Lower-cased principal ids holding an assigned or eligible role (see hasDirectoryRole).
  private final Set<String> rolePrincipals = new HashSet<>();
  private final List<RoleAssignment> roleAssignments = new ArrayList<>();
  private final List<RoleAssignment> roleEligibilities = new ArrayList<>();
  private final List<TenantGroup> groups = new ArrayList<>();
  // onPremisesSynchronization.features (absent = all false); written back when it was given.
  private final Map<String, Boolean> syncFeatures = new LinkedHashMap<>();
  private boolean syncFeaturesGiven;
  // tenant.json "entraIdP2" (absent = true).
  private boolean entraIdP2 = true;
  private boolean entraIdP2Given;

  /** The features of {@code onPremisesSynchronization} the emulator models. */
  public static final List<String> SYNC_FEATURES =
      List.of(
          "blockCloudObjectTakeoverThroughHardMatchEnabled",
          "blockSoftMatchEnabled",
          "softMatchOnUpnEnabled");

  private TenantState(String tenantId, String displayName, List<VerifiedDomain> verifiedDomains) {
    this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
    this.displayName = displayName;
    this.verifiedDomains = List.copyOf(verifiedDomains);
    SYNC_FEATURES.forEach(f -> syncFeatures.put(f, false));
  }

  /** An empty tenant; exactly one of {@code verifiedDomains} should be the initial domain. */
  public static TenantState create(
      String tenantId, String displayName, List<VerifiedDomain> verifiedDomains) {
    return new TenantState(tenantId, displayName, verifiedDomains);
  }

  /**
   * Reads a tenant.json file. Malformed JSON, schema violations and semantic errors (duplicate ids,
   * UPNs or anchors) give {@link Code#INVALID_INPUT} naming {@code file:line:column} and the fix,
   * all of them at once.
   */
  public static TenantState load(Path file) {
    return TenantJson.load(file);
  }

  /** Parses tenant.json text; {@code source} names it in diagnostics. */
  public static TenantState parse(String text, String source) {
    return TenantJson.parse(text, source);
  }

  void schemaPointer(String pointer) {
    this.schemaPointer = pointer;
  }

  /** Stores a freshly loaded user: active, or in the recycle bin. */
  synchronized void adopt(ObjectNode user, boolean deleted) {
    String id = key(user.path("id").asText());
    if (deleted) {
      index.putDeleted(id, deletedUsers.put(id, user), user);
    } else {
      index.putActive(id, users.put(id, user), user);
    }
  }

  private static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }

  /** The tenant in the tenant.json format (what {@code GET /_sandbox/state} returns). */
  public synchronized String toJson() {
    try {
      return JSON.writeValueAsString(toJsonNode()) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The tenant as a JSON tree in the tenant.json format. */
  public synchronized ObjectNode toJsonNode() {
    return TenantJson.write(
        schemaPointer,
        tenantId,
        displayName,
        verifiedDomains,
        users.values(),
        deletedUsers.values(),
        roleAssignments,
        roleEligibilities,
        groups,
        syncFeaturesGiven ? syncFeatures : null,
        entraIdP2Given ? entraIdP2 : null);
  }

  public String tenantId() {
    return tenantId;
  }

  public String displayName() {
    return displayName;
  }

  public List<VerifiedDomain> verifiedDomains() {
    return verifiedDomains;
  }

  public Organization organization() {
    return new Organization(tenantId, displayName, verifiedDomains);
  }

  /** The {@code …onmicrosoft.com} domain. */
  public String initialDomain() {
    return organization().initialDomain();
  }

  public boolean verifiesDomain(String domain) {
    return organization().verifies(domain);
  }

  /** Copies of every active user, in listing order. */
  public synchronized List<ObjectNode> users() {
    return users.list();
  }

  /** Copies of every user in the recycle bin. */
  public synchronized List<ObjectNode> deletedUsers() {
    return deletedUsers.list();
  }

  /**
   * The active users (or the recycle bin's) at places {@code from} to {@code to} (exclusive) in
   * listing order, and how many there are: one page of an unfiltered listing decodes only its own
   * users, not all of them.
   */
  public synchronized Slice usersSlice(boolean deleted, int from, int to) {
    StoredUsers which = deleted ? deletedUsers : users;
    return new Slice(which.slice(from, to), which.size());
  }

  /** Users at consecutive places of a listing, and the listing's size. */
  public record Slice(List<ObjectNode> users, int total) {}

  /** An active user by object id or userPrincipalName (case-insensitive), as a copy. */
  public synchronized Optional<ObjectNode> user(String idOrUpn) {
    ObjectNode byId = users.get(key(idOrUpn));
    if (byId != null) {
      return Optional.of(byId);
    }
    List<String> byUpn = index.activeKeys("userPrincipalName", List.of(idOrUpn));
    return byUpn.isEmpty() ? Optional.empty() : Optional.of(users.get(byUpn.get(0)));
  }

  /**
   * Copies of the active users whose {@code property} equals one of {@code values} (anchors
   * case-sensitively, everything else ignoring case), in the order {@link #users()} gives them.
   * Answered from {@link UserIndex}: an {@code in} lookup in a tenant of 50,000 users must not copy
   * and scan all of them (the benchmark's tenant).
   */
  public synchronized List<ObjectNode> usersWhere(String property, Collection<String> values) {
    List<ObjectNode> out = new ArrayList<>();
    for (String key : index.activeKeys(property, values)) {
      out.add(users.get(key));
    }
    return out;
  }

  /**
   * Copies of the active users whose userPrincipalName or primary SMTP address (the {@code SMTP:}
   * proxy address, else mail) equals the given one ignoring case, in listing order: the soft-match
   * candidates of a sync.
   */
  public synchronized List<ObjectNode> usersWithUpnOrSmtp(String upn, String smtp) {
    Set<String> keys = new HashSet<>(index.activeKeys("userPrincipalName", List.of(upn)));
    if (smtp != null) {
      keys.addAll(index.activeKeys(UserIndex.PRIMARY_SMTP, List.of(smtp)));
    }
    List<ObjectNode> out = new ArrayList<>(keys.size());
    for (String key : index.activeInOrder(keys)) {
      out.add(users.get(key));
    }
    return out;
  }

  /** A recycle-bin user by object id, as a copy. */
  public synchronized Optional<ObjectNode> deletedUser(String id) {
    return Optional.ofNullable(deletedUsers.get(key(id)));
  }

  /** Adds an active user or replaces the one with the same id. */
  public synchronized void putUser(ObjectNode user) {
    String id = user.path("id").asText(null);
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("a user needs an id");
    }
    index.putActive(key(id), users.put(key(id), user), user);
  }

  /**
   * Makes the active and deleted users exactly {@code from}'s (copies), as between two runs of the
   * crash harness (docs/apply.md, "Crash safety"). Roles, groups and features stay as they are:
   * apply never changes them.
   */
  public void restoreUsers(TenantState from) {
    List<ObjectNode> active = from.users();
    List<ObjectNode> deleted = from.deletedUsers();
    synchronized (this) {
      index.clear();
      users.clear();
      deletedUsers.clear();
      active.forEach(u -> adopt(u, false));
      deleted.forEach(u -> adopt(u, true));
    }
  }

  /** Soft-deletes: moves the user to the recycle bin with {@code deletedDateTime}. */
  public synchronized boolean deleteUser(String id, Instant when) {
    ObjectNode u = users.remove(key(id));
    if (u == null) {
      return false;
    }
    index.removeActive(key(id), u);
    u.put("deletedDateTime", when.truncatedTo(ChronoUnit.SECONDS).toString());
    index.putDeleted(key(id), deletedUsers.put(key(id), u), u);
    return true;
  }

  /** Permanently deletes a user from the recycle bin. */
  public synchronized boolean purgeDeletedUser(String id) {
    ObjectNode u = deletedUsers.remove(key(id));
    if (u == null) {
      return false;
    }
    index.removeDeleted(key(id), u);
    return true;
  }

  /** Restores a recycle-bin user to the active users (deletedDateTime removed). */
  public synchronized Optional<ObjectNode> restoreDeletedUser(String id) {
    ObjectNode u = deletedUsers.remove(key(id));
    if (u == null) {
      return Optional.empty();
    }
    index.removeDeleted(key(id), u);
    u.remove("deletedDateTime");
    index.putActive(key(id), users.put(key(id), u), u);
    return Optional.of(u);
  }

  /**
   * The object, active or in the recycle bin, other than {@code exceptId} holding this anchor
   * (anchors are case-sensitive).
   */
  public synchronized Optional<ObjectNode> anchorHolder(String immutableId, String exceptId) {
    for (String k : index.activeKeys("onPremisesImmutableId", List.of(immutableId))) {
      if (exceptId == null || !k.equals(key(exceptId))) {
        return Optional.of(users.get(k));
      }
    }
    for (String k : index.deletedKeysWithAnchor(immutableId)) {
      if (exceptId == null || !k.equals(key(exceptId))) {
        return Optional.of(deletedUsers.get(k));
      }
    }
    return Optional.empty();
  }

  public synchronized List<RoleAssignment> roleAssignments() {
    return List.copyOf(roleAssignments);
  }

  public synchronized List<RoleAssignment> roleEligibilities() {
    return List.copyOf(roleEligibilities);
  }

  public synchronized void addRoleAssignment(RoleAssignment role) {
    roleAssignments.add(role);
    rolePrincipals.add(key(role.principalId()));
  }

  public synchronized void addRoleEligibility(RoleAssignment role) {
    roleEligibilities.add(role);
    rolePrincipals.add(key(role.principalId()));
  }

  /**
   * Whether the user holds an assigned or eligible directory role, directly or as a member of a
   * role-assignable group that holds one.
   */
  public synchronized boolean hasDirectoryRole(String userId) {
    return privilege(userId) != null;
  }

  /**
   * How the user holds a directory role, for people ("an assigned role", "an eligible role", "…
   * through group Helpdesk Admins"), or null when it holds none.
   */
  public synchronized String privilege(String userId) {
    String how = directPrivilege(userId);
    if (how != null) {
      return how;
    }
    for (TenantGroup g : groups) {
      if (g.isAssignableToRole()
          && g.members().stream().anyMatch(m -> m.equalsIgnoreCase(userId))) {
        String viaGroup = directPrivilege(g.id());
        if (viaGroup != null) {
          return viaGroup + " through group " + g.displayName();
        }
      }
    }
    return null;
  }

  private String directPrivilege(String principalId) {
    if (!rolePrincipals.contains(key(principalId))) {
      return null;
    }
    for (RoleAssignment r : roleAssignments) {
      if (r.principalId().equalsIgnoreCase(principalId)) {
        return "an assigned role";
      }
    }
    return "an eligible role";
  }

  public synchronized List<TenantGroup> groups() {
    return List.copyOf(groups);
  }

  public synchronized void addGroup(TenantGroup group) {
    groups.add(group);
  }

  /** The {@code onPremisesSynchronization} features (every one of {@link #SYNC_FEATURES}). */
  public synchronized Map<String, Boolean> syncFeatures() {
    return Map.copyOf(syncFeatures);
  }

  public synchronized boolean syncFeature(String name) {
    return Boolean.TRUE.equals(syncFeatures.get(name));
  }

  /** Sets one of {@link #SYNC_FEATURES}. */
  public synchronized void setSyncFeature(String name, boolean on) {
    if (!SYNC_FEATURES.contains(name)) {
      throw new IllegalArgumentException("unknown feature " + name);
    }
    syncFeatures.put(name, on);
    syncFeaturesGiven = true;
  }

  /** Whether the tenant has Entra ID P2 (or Governance) licences: PIM eligibilities exist. */
  public synchronized boolean entraIdP2() {
    return entraIdP2;
  }

  public synchronized void entraIdP2(boolean licensed) {
    this.entraIdP2 = licensed;
    this.entraIdP2Given = true;
  }

  /** The port's view of a stored user (skuIds only for licenses). */
  public static CloudUser toCloudUser(JsonNode u) {
    List<String> proxies = new ArrayList<>();
    u.path("proxyAddresses").forEach(p -> proxies.add(p.asText()));
    List<String> skus = new ArrayList<>();
    u.path("assignedLicenses").forEach(l -> skus.add(l.path("skuId").asText()));
    return new CloudUser(
        text(u, "id"),
        text(u, "userPrincipalName"),
        text(u, "displayName"),
        text(u, "givenName"),
        text(u, "surname"),
        text(u, "mail"),
        proxies,
        u.hasNonNull("accountEnabled") ? u.get("accountEnabled").asBoolean() : null,
        text(u, "onPremisesImmutableId"),
        u.hasNonNull("onPremisesSyncEnabled") ? u.get("onPremisesSyncEnabled").asBoolean() : null,
        skus,
        text(u, "deletedDateTime"));
  }

  private static String text(JsonNode u, String field) {
    JsonNode v = u.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
