package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
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
import dev.hardmatch.tenant.Organization.VerifiedDomain;
import dev.hardmatch.tenant.RoleAssignment;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code tenant.json} format ({@code schemas/tenant.schema.json}) of a {@link TenantState}:
 * reading with located diagnostics (malformed JSON, schema violations, duplicate ids, UPNs and
 * anchors, all of them at once) and writing it back so the format round-trips.
 */
final class TenantJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String SCHEMA_RESOURCE = "schemas/tenant.schema.json";
  private static volatile Schema schema;

  private TenantJson() {}

  /**
   * Reads a tenant.json file. Malformed JSON, schema violations and semantic errors (duplicate ids,
   * UPNs or anchors) give {@link Code#INVALID_INPUT} naming {@code file:line:column} and the fix,
   * all of them at once.
   */
  static TenantState load(Path file) {
    // Read as a stream: the file's text is never held whole beside its tree.
    try {
      Files.newInputStream(file).close();
    } catch (NoSuchFileException e) {
      throw new HardmatchException(
          Code.INVALID_INPUT,
          file + ": tenant file not found",
          "check the path given for the tenant file");
    } catch (IOException e) {
      throw new HardmatchException(
          Code.IO, file + ": cannot read the tenant file: " + e.getMessage(), null, e);
    }
    try {
      return read(
          () -> TenantState.JSON.getFactory().createParser(Files.newInputStream(file)),
          file.toString());
    } catch (CharConversionException e) {
      throw invalid(
          List.of(
              new Diagnostic(
                  file.toString(),
                  0,
                  0,
                  null,
                  "malformed JSON: " + e.getMessage(),
                  "save the file as UTF-8")));
    } catch (IOException e) {
      throw new HardmatchException(
          Code.IO, file + ": cannot read the tenant file: " + e.getMessage(), null, e);
    }
  }

  /** Parses tenant.json text; {@code source} names it in diagnostics. */
  static TenantState parse(String text, String source) {
    try {
      return read(() -> TenantState.JSON.getFactory().createParser(text), source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens the document again for each pass over it. */
  private interface Document {
    JsonParser open() throws IOException;
  }

  /**
   * A valid document, the usual case, is read once into ordinary nodes, which the state keeps. Only
   * when the schema or the semantic checks find a problem is it read again with locations (a
   * location per node doubles the tree: at 500,000 users it would not fit the sandbox's heap,
   * docs/performance.md, "The sandbox at scale"), and the problems are reported from that tree.
   */
  private static TenantState read(Document document, String source) throws IOException {
    JsonNode plain;
    try (JsonParser parser = document.open()) {
      plain = tree(parser, TenantState.JSON.reader(), source);
    }
    if (schema().validate(plain).isEmpty() && semanticProblems(source, plain).isEmpty()) {
      return fromValidTree((ObjectNode) plain);
    }
    plain = null; // not needed beside the located tree
    JsonNode root;
    try (JsonParser parser = document.open()) {
      root = tree(parser, TenantState.JSON.reader(new LocationJsonNodeFactory(parser)), source);
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

  /** The document's one JSON object; malformed JSON, emptiness or trailing content refused. */
  private static JsonNode tree(JsonParser parser, ObjectReader reader, String source)
      throws IOException {
    JsonNode root;
    try {
      root = reader.readTree(parser);
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
    }
    return root;
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
          TenantJson.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the classpath");
        }
        s =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(TenantState.JSON.readTree(in));
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
        TenantState.create(
            root.path("tenantId").asText(),
            root.hasNonNull("displayName") ? root.get("displayName").asText() : null,
            domains);
    if (root.hasNonNull("$schema")) {
      state.schemaPointer(root.get("$schema").asText());
    }
    adoptAll(state, root.path("users"), false);
    adoptAll(state, root.path("deletedUsers"), true);
    for (JsonNode r : root.path("roleAssignments")) {
      state.addRoleAssignment(role(r));
    }
    for (JsonNode r : root.path("roleEligibilities")) {
      state.addRoleEligibility(role(r));
    }
    for (JsonNode g : root.path("groups")) {
      List<String> members = new ArrayList<>();
      g.path("members").forEach(m -> members.add(m.asText()));
      state.addGroup(
          new TenantGroup(
              g.path("id").asText(),
              g.path("displayName").asText(),
              g.path("isAssignableToRole").asBoolean(false),
              members));
    }
    JsonNode features = root.path("onPremisesSynchronization").path("features");
    if (root.has("onPremisesSynchronization")) {
      for (String f : TenantState.SYNC_FEATURES) {
        state.setSyncFeature(f, features.path(f).asBoolean(false));
      }
    }
    if (root.has("entraIdP2")) {
      state.entraIdP2(root.get("entraIdP2").asBoolean());
    }
    return state;
  }

  private static RoleAssignment role(JsonNode r) {
    return new RoleAssignment(
        r.path("principalId").asText(),
        r.path("roleDefinitionId").asText(),
        r.hasNonNull("directoryScopeId") ? r.get("directoryScopeId").asText() : "/");
  }

  /**
   * Each user into the state (which keeps its JSON bytes, not the node), its node let go as soon as
   * it is stored: at 500,000 users the tree and the stored users at once would not fit the
   * sandbox's heap (docs/performance.md, "The sandbox at scale").
   */
  private static void adoptAll(TenantState state, JsonNode users, boolean deleted) {
    if (!(users instanceof ArrayNode array)) {
      return;
    }
    for (int i = 0; i < array.size(); i++) {
      state.adopt((ObjectNode) array.get(i), deleted);
      array.set(i, NullNode.getInstance());
    }
  }

  /**
   * The tenant as a JSON tree in the tenant.json format; the caller holds the state's lock. The
   * users' nodes become part of the tree: each must be the caller's own (freshly decoded).
   */
  static ObjectNode write(
      String schemaPointer,
      String tenantId,
      String displayName,
      List<VerifiedDomain> verifiedDomains,
      Iterable<ObjectNode> users,
      Iterable<ObjectNode> deletedUsers,
      List<RoleAssignment> roleAssignments,
      List<RoleAssignment> roleEligibilities,
      List<TenantGroup> groups,
      Map<String, Boolean> syncFeatures,
      Boolean entraIdP2) {
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
    users.forEach(active::add);
    ArrayNode deleted = root.putArray("deletedUsers");
    deletedUsers.forEach(deleted::add);
    writeRoles(root.putArray("roleAssignments"), roleAssignments);
    writeRoles(root.putArray("roleEligibilities"), roleEligibilities);
    if (!groups.isEmpty()) {
      ArrayNode array = root.putArray("groups");
      for (TenantGroup g : groups) {
        ObjectNode group =
            array
                .addObject()
                .put("id", g.id())
                .put("displayName", g.displayName())
                .put("isAssignableToRole", g.isAssignableToRole());
        g.members().forEach(group.putArray("members")::add);
      }
    }
    if (syncFeatures != null) {
      ObjectNode features = root.putObject("onPremisesSynchronization").putObject("features");
      TenantState.SYNC_FEATURES.forEach(f -> features.put(f, syncFeatures.get(f)));
    }
    if (entraIdP2 != null) {
      root.put("entraIdP2", entraIdP2);
    }
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
}
