package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.serialization.node.LocationJsonNodeFactory;
import com.networknt.schema.serialization.node.TokenStreamLocationAware;
import dev.hardmatch.Diagnostic;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.HardmatchException.Code;
import dev.hardmatch.tenant.CloudUser;
import dev.hardmatch.tenant.Organization;
import dev.hardmatch.tenant.Organization.VerifiedDomain;
import dev.hardmatch.tenant.RoleAssignment;
import dev.hardmatch.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

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
  private static final String SCHEMA_RESOURCE = "schemas/tenant.schema.json";
  private static volatile Schema schema;

  private final String tenantId;
  private final String displayName;
  private final List<VerifiedDomain> verifiedDomains;
  // The file's "$schema" pointer (for editors), written back so the format round-trips.
  private String schemaPointer;
  // Keys are lower-cased object ids; insertion order is the order Graph lists them in here.
  private final Map<String, ObjectNode> users = new LinkedHashMap<>();
  private final Map<String, ObjectNode> deletedUsers = new LinkedHashMap<>();
  // Lookup indexes of the active users by property (see usersWhere); cleared on every change.
  private final Map<String, Map<String, List<Integer>>> indexes = new HashMap<>();
  private List<ObjectNode> ordered;
  private final List<RoleAssignment> roleAssignments = new ArrayList<>();
  private final List<RoleAssignment> roleEligibilities = new ArrayList<>();

  private TenantState(String tenantId, String displayName, List<VerifiedDomain> verifiedDomains) {
    this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
    this.displayName = displayName;
    this.verifiedDomains = List.copyOf(verifiedDomains);
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
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new HardmatchException(
          Code.INVALID_INPUT,
          file + ": tenant file not found",
          "check the path given for the tenant file");
    } catch (IOException e) {
      throw new HardmatchException(
          Code.IO, file + ": cannot read the tenant file: " + e.getMessage(), null, e);
    }
    return parse(text, file.toString());
  }

  /** Parses tenant.json text; {@code source} names it in diagnostics. */
  public static TenantState parse(String text, String source) {
    JsonNode root;
    try (JsonParser parser = JSON.getFactory().createParser(text)) {
      root = JSON.reader(new LocationJsonNodeFactory(parser)).readTree(parser);
      if (root == null) {
        throw invalid(
            List.of(
                new Diagnostic(
                    source,
                    1,
                    1,
                    null,
                    "the file is empty",
                    "write a tenant object, see " + SCHEMA_RESOURCE)));
      }
      // Trailing content after the object is malformed JSON too.
      if (parser.nextToken() != null) {
        JsonLocation at = parser.currentTokenLocation();
        throw invalid(
            List.of(
                new Diagnostic(
                    source,
                    at.getLineNr(),
                    at.getColumnNr(),
                    null,
                    "unexpected content after the tenant object",
                    "remove it; the file holds exactly one JSON object")));
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw invalid(
          List.of(
              new Diagnostic(
                  source,
                  at == null ? 0 : at.getLineNr(),
                  at == null ? 0 : at.getColumnNr(),
                  null,
                  "malformed JSON: " + e.getOriginalMessage(),
                  "fix the JSON syntax at this position")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    List<Diagnostic> problems = new ArrayList<>();
    for (Error error : schema().validate(root)) {
      problems.add(diagnostic(source, root, error));
    }
    if (problems.isEmpty()) {
      problems.addAll(semanticProblems(source, root));
    }
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
    return fromValidTree((ObjectNode) root);
  }

  private static HardmatchException invalid(List<Diagnostic> diagnostics) {
    StringBuilder message = new StringBuilder();
    for (Diagnostic d : diagnostics) {
      if (message.length() > 0) {
        message.append('\n');
      }
      message.append(d.format());
    }
    return new HardmatchException(
        Code.INVALID_INPUT,
        message.toString(),
        "correct the tenant file (schema: " + SCHEMA_RESOURCE + ")",
        diagnostics,
        null);
  }

  private static Schema schema() {
    Schema s = schema;
    if (s == null) {
      try (InputStream in =
          TenantState.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the classpath");
        }
        s =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(JSON.readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      schema = s;
    }
    return s;
  }

  private static Diagnostic diagnostic(String source, JsonNode root, Error error) {
    JsonNode node = error.getInstanceNode();
    String field = fieldName(error);
    // An unknown property is shown where it is, not where its object starts.
    if ("additionalProperties".equals(error.getKeyword())
        && node != null
        && error.getProperty() != null
        && node.get(error.getProperty()) != null) {
      node = node.get(error.getProperty());
    }
    int line = 0;
    int column = 0;
    if (node instanceof TokenStreamLocationAware located && located.tokenStreamLocation() != null) {
      line = located.tokenStreamLocation().getLineNr();
      column = located.tokenStreamLocation().getColumnNr();
    }
    String keyword = error.getKeyword() == null ? "" : error.getKeyword();
    String fix;
    switch (keyword) {
      case "required":
        fix = "add the missing property";
        break;
      case "additionalProperties":
        fix = "remove it, or spell it as Graph does (e.g. userPrincipalName, surname)";
        break;
      case "type":
        fix = "use a value of the type the schema names";
        break;
      case "pattern":
        fix = "use a value in the expected form (GUIDs, user@domain UPNs, anchors without $ or _)";
        break;
      case "contains":
      case "minContains":
      case "maxContains":
        fix = "mark exactly one verified domain with \"isInitial\": true";
        break;
      case "not":
        fix = "active users have no deletedDateTime; move the user to deletedUsers";
        break;
      default:
        fix = "see " + SCHEMA_RESOURCE;
    }
    return new Diagnostic(source, line, column, field, error.getMessage(), fix);
  }

  /** {@code users[0].accountEnabled} from the error's instance location. */
  private static String fieldName(Error error) {
    StringBuilder path = new StringBuilder();
    NodePath at = error.getInstanceLocation();
    for (int i = 0; at != null && i < at.getNameCount(); i++) {
      Object element = at.getElement(i);
      if (element instanceof Integer index) {
        path.append('[').append(index).append(']');
      } else {
        path.append(path.length() == 0 ? "" : ".").append(element);
      }
    }
    if (error.getProperty() != null
        && ("required".equals(error.getKeyword())
            || "additionalProperties".equals(error.getKeyword()))) {
      path.append(path.length() == 0 ? "" : ".").append(error.getProperty());
    }
    return path.toString();
  }

  /** Duplicate ids, UPNs and anchors: what Graph itself would never hold. */
  private static List<Diagnostic> semanticProblems(String source, JsonNode root) {
    List<Diagnostic> problems = new ArrayList<>();
    Map<String, String> ids = new HashMap<>();
    Map<String, String> upns = new HashMap<>();
    Map<String, String> anchors = new HashMap<>();
    for (String list : List.of("users", "deletedUsers")) {
      JsonNode array = root.path(list);
      for (int i = 0; i < array.size(); i++) {
        JsonNode user = array.get(i);
        String where = list + "[" + i + "]";
        String id = user.path("id").asText().toLowerCase(Locale.ROOT);
        String previous = ids.putIfAbsent(id, where);
        if (previous != null) {
          problems.add(
              located(
                  source,
                  user.get("id"),
                  where + ".id",
                  "id " + user.path("id").asText() + " is already used by " + previous,
                  "give every user its own object id"));
        }
        if (list.equals("users")) {
          String upn = user.path("userPrincipalName").asText().toLowerCase(Locale.ROOT);
          previous = upns.putIfAbsent(upn, where);
          if (previous != null) {
            problems.add(
                located(
                    source,
                    user.get("userPrincipalName"),
                    where + ".userPrincipalName",
                    "userPrincipalName is already used by " + previous,
                    "UPNs of active users are unique; change one of them"));
          }
        }
        JsonNode anchor = user.get("onPremisesImmutableId");
        if (anchor != null && anchor.isTextual()) {
          previous = anchors.putIfAbsent(anchor.asText(), where);
          if (previous != null) {
            problems.add(
                located(
                    source,
                    anchor,
                    where + ".onPremisesImmutableId",
                    "onPremisesImmutableId is already held by " + previous,
                    "an anchor belongs to one object, active or deleted; remove one of them"));
          }
        }
      }
    }
    return problems;
  }

  private static Diagnostic located(
      String source, JsonNode node, String field, String message, String fix) {
    int line = 0;
    int column = 0;
    if (node instanceof TokenStreamLocationAware located && located.tokenStreamLocation() != null) {
      line = located.tokenStreamLocation().getLineNr();
      column = located.tokenStreamLocation().getColumnNr();
    }
    return new Diagnostic(source, line, column, field, message, fix);
  }

  private static TenantState fromValidTree(ObjectNode root) {
    List<VerifiedDomain> domains = new ArrayList<>();
    for (JsonNode d : root.path("verifiedDomains")) {
      domains.add(
          new VerifiedDomain(
              d.path("name").asText(),
              d.path("isDefault").asBoolean(),
              d.path("isInitial").asBoolean()));
    }
    TenantState state =
        new TenantState(
            root.path("tenantId").asText(),
            root.hasNonNull("displayName") ? root.get("displayName").asText() : null,
            domains);
    if (root.hasNonNull("$schema")) {
      state.schemaPointer = root.get("$schema").asText();
    }
    for (JsonNode u : root.path("users")) {
      state.users.put(key(u.path("id").asText()), plainCopy(u));
    }
    for (JsonNode u : root.path("deletedUsers")) {
      state.deletedUsers.put(key(u.path("id").asText()), plainCopy(u));
    }
    for (JsonNode r : root.path("roleAssignments")) {
      state.roleAssignments.add(role(r));
    }
    for (JsonNode r : root.path("roleEligibilities")) {
      state.roleEligibilities.add(role(r));
    }
    return state;
  }

  private static RoleAssignment role(JsonNode r) {
    return new RoleAssignment(
        r.path("principalId").asText(),
        r.path("roleDefinitionId").asText(),
        r.hasNonNull("directoryScopeId") ? r.get("directoryScopeId").asText() : "/");
  }

  // Location-aware nodes are for diagnostics only; the state keeps ordinary ones.
  private static ObjectNode plainCopy(JsonNode node) {
    return (ObjectNode) JSON.convertValue(node, JsonNode.class);
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
    ObjectNode root = NODES.objectNode();
    if (schemaPointer != null) {
      root.put("$schema", schemaPointer);
    }
    root.put("tenantId", tenantId);
    if (displayName != null) {
      root.put("displayName", displayName);
    }
    ArrayNode domains = root.putArray("verifiedDomains");
    for (VerifiedDomain d : verifiedDomains) {
      domains
          .addObject()
          .put("name", d.name())
          .put("isDefault", d.isDefault())
          .put("isInitial", d.isInitial());
    }
    ArrayNode active = root.putArray("users");
    users.values().forEach(u -> active.add(u.deepCopy()));
    ArrayNode deleted = root.putArray("deletedUsers");
    deletedUsers.values().forEach(u -> deleted.add(u.deepCopy()));
    writeRoles(root.putArray("roleAssignments"), roleAssignments);
    writeRoles(root.putArray("roleEligibilities"), roleEligibilities);
    return root;
  }

  private static void writeRoles(ArrayNode array, List<RoleAssignment> roles) {
    for (RoleAssignment r : roles) {
      array
          .addObject()
          .put("principalId", r.principalId())
          .put("roleDefinitionId", r.roleDefinitionId())
          .put("directoryScopeId", r.directoryScopeId());
    }
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
    List<ObjectNode> copy = new ArrayList<>(users.size());
    users.values().forEach(u -> copy.add(u.deepCopy()));
    return copy;
  }

  /** Copies of every user in the recycle bin. */
  public synchronized List<ObjectNode> deletedUsers() {
    List<ObjectNode> copy = new ArrayList<>(deletedUsers.size());
    deletedUsers.values().forEach(u -> copy.add(u.deepCopy()));
    return copy;
  }

  /** An active user by object id or userPrincipalName (case-insensitive), as a copy. */
  public synchronized Optional<ObjectNode> user(String idOrUpn) {
    ObjectNode byId = users.get(key(idOrUpn));
    if (byId != null) {
      return Optional.of(byId.deepCopy());
    }
    for (ObjectNode u : users.values()) {
      if (u.path("userPrincipalName").asText().equalsIgnoreCase(idOrUpn)) {
        return Optional.of(u.deepCopy());
      }
    }
    return Optional.empty();
  }

  /**
   * Copies of the active users whose {@code property} equals one of {@code values} (anchors
   * case-sensitively, everything else ignoring case), in the order {@link #users()} gives them.
   * Answered from an index built on first use after a change: an {@code in} lookup in a tenant of
   * 50,000 users must not copy and scan all of them (the benchmark's tenant).
   */
  public synchronized List<ObjectNode> usersWhere(String property, Collection<String> values) {
    Map<String, List<Integer>> index = indexes.get(property);
    if (index == null) {
      index = new HashMap<>();
      int position = 0;
      for (ObjectNode u : users.values()) {
        JsonNode v = u.get(property);
        if (v != null && !v.isNull()) {
          index
              .computeIfAbsent(normalise(property, v.asText()), k -> new ArrayList<>())
              .add(position);
        }
        position++;
      }
      indexes.put(property, index);
      if (ordered == null) {
        ordered = new ArrayList<>(users.values());
      }
    }
    TreeSet<Integer> hits = new TreeSet<>();
    for (String value : values) {
      if (value != null) {
        hits.addAll(index.getOrDefault(normalise(property, value), List.of()));
      }
    }
    List<ObjectNode> out = new ArrayList<>(hits.size());
    for (int position : hits) {
      out.add(ordered.get(position).deepCopy());
    }
    return out;
  }

  private static String normalise(String property, String value) {
    return property.equals("onPremisesImmutableId") ? value : value.toLowerCase(Locale.ROOT);
  }

  /** Any change to the active users drops the lookup indexes. */
  private void changed() {
    indexes.clear();
    ordered = null;
  }

  /** A recycle-bin user by object id, as a copy. */
  public synchronized Optional<ObjectNode> deletedUser(String id) {
    ObjectNode u = deletedUsers.get(key(id));
    return u == null ? Optional.empty() : Optional.of(u.deepCopy());
  }

  /** Adds an active user or replaces the one with the same id. */
  public synchronized void putUser(ObjectNode user) {
    String id = user.path("id").asText(null);
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("a user needs an id");
    }
    changed();
    users.put(key(id), user.deepCopy());
  }

  /** Soft-deletes: moves the user to the recycle bin with {@code deletedDateTime}. */
  public synchronized boolean deleteUser(String id, Instant when) {
    ObjectNode u = users.remove(key(id));
    if (u == null) {
      return false;
    }
    changed();
    u.put("deletedDateTime", when.truncatedTo(ChronoUnit.SECONDS).toString());
    deletedUsers.put(key(id), u);
    return true;
  }

  /** Permanently deletes a user from the recycle bin. */
  public synchronized boolean purgeDeletedUser(String id) {
    return deletedUsers.remove(key(id)) != null;
  }

  /** Restores a recycle-bin user to the active users (deletedDateTime removed). */
  public synchronized Optional<ObjectNode> restoreDeletedUser(String id) {
    ObjectNode u = deletedUsers.remove(key(id));
    if (u == null) {
      return Optional.empty();
    }
    u.remove("deletedDateTime");
    changed();
    users.put(key(id), u);
    return Optional.of(u.deepCopy());
  }

  /**
   * The object, active or in the recycle bin, other than {@code exceptId} holding this anchor
   * (anchors are case-sensitive).
   */
  public synchronized Optional<ObjectNode> anchorHolder(String immutableId, String exceptId) {
    for (Map<String, ObjectNode> map : List.of(users, deletedUsers)) {
      for (ObjectNode u : map.values()) {
        if (immutableId.equals(u.path("onPremisesImmutableId").asText(null))
            && (exceptId == null || !u.path("id").asText().equalsIgnoreCase(exceptId))) {
          return Optional.of(u.deepCopy());
        }
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
  }

  public synchronized void addRoleEligibility(RoleAssignment role) {
    roleEligibilities.add(role);
  }

  /** Whether the user holds an assigned or eligible directory role. */
  public synchronized boolean hasDirectoryRole(String userId) {
    for (List<RoleAssignment> roles : List.of(roleAssignments, roleEligibilities)) {
      for (RoleAssignment r : roles) {
        if (r.principalId().equalsIgnoreCase(userId)) {
          return true;
        }
      }
    }
    return false;
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
