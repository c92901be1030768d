package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.sandbox.graph.GraphApi.Request;
import dev.hardmatch.util.GraphUserProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A user as Graph shows it: the properties the emulator knows (named as in the v1.0 metadata,
 * https://learn.microsoft.com/graph/api/resources/user), the default set without {@code $select}
 * (https://learn.microsoft.com/graph/api/user-get#optional-query-parameters: the anchor is never
 * among them), and {@code $select} projection (https://learn.microsoft.com/graph/query-parameters).
 */
final class UserJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Every user property the emulator knows ({@code $select}-able), in Graph's spelling. */
  static final List<String> USER_PROPERTIES =
      List.of(
          "id",
          "userPrincipalName",
          "displayName",
          "givenName",
          "surname",
          "mail",
          "proxyAddresses",
          "accountEnabled",
          "onPremisesImmutableId",
          "onPremisesSyncEnabled",
          "onPremisesSamAccountName",
          "onPremisesSecurityIdentifier",
          "onPremisesLastSyncDateTime",
          "onPremisesDistinguishedName",
          "employeeId",
          "otherMails",
          "assignedLicenses",
          "jobTitle",
          "businessPhones",
          "mobilePhone",
          "officeLocation",
          "preferredLanguage",
          "usageLocation",
          "createdDateTime",
          "deletedDateTime");

  /** What Graph returns for a user without {@code $select}: never the anchor. */
  static final List<String> DEFAULT_USER_PROPERTIES =
      List.of(
          "businessPhones",
          "displayName",
          "givenName",
          "jobTitle",
          "mail",
          "mobilePhone",
          "officeLocation",
          "preferredLanguage",
          "surname",
          "userPrincipalName",
          "id");

  /**
   * Collection-valued user properties (v1.0 metadata, {@code Collection(...)}): Graph answers an
   * unset one with {@code []}, never null.
   */
  static final Set<String> ARRAY_PROPERTIES =
      Set.of(
          "proxyAddresses",
          "assignedLicenses",
          "businessPhones",
          "otherMails",
          "assignedPlans",
          "provisionedPlans",
          "imAddresses",
          "identities",
          "interests",
          "pastProjects",
          "responsibilities",
          "schools",
          "skills",
          "licenseAssignmentStates",
          "onPremisesProvisioningErrors",
          "serviceProvisioningErrors");

  /**
   * What {@code $select} accepts: every property the v1.0 metadata declares for a user ({@link
   * GraphUserProperties}); those the emulator does not store come back empty, as Graph shows an
   * unset property.
   */
  static final Map<String, String> USER_SELECTABLE = lowerKeys(GraphUserProperties.all());

  /**
   * The beta user's properties: v1.0's and {@code onPremisesObjectIdentifier}, which the v1.0
   * metadata lacks (msgraph-metadata {@code schemas/v1.0-Prod.csdl}; beta: the user resource page,
   * https://learn.microsoft.com/graph/api/resources/user?view=graph-rest-beta). v1.0 refuses it in
   * {@code $select} as any unknown property, with 400.
   */
  static final List<String> BETA_USER_PROPERTIES = beta();

  static final Map<String, String> BETA_USER_SELECTABLE = betaSelectable();

  private static Map<String, String> betaSelectable() {
    List<String> all = new ArrayList<>(GraphUserProperties.all());
    all.add("onPremisesObjectIdentifier");
    return lowerKeys(all);
  }

  private static List<String> beta() {
    List<String> all = new ArrayList<>(USER_PROPERTIES);
    all.add(all.indexOf("onPremisesLastSyncDateTime") + 1, "onPremisesObjectIdentifier");
    return List.copyOf(all);
  }

  /** The user properties of the request's version. */
  static List<String> properties(Request r) {
    return r.beta() ? BETA_USER_PROPERTIES : USER_PROPERTIES;
  }

  private UserJson() {}

  /** Lower-cased name to Graph's spelling: OData property names match ignoring case. */
  static Map<String, String> lowerKeys(List<String> names) {
    Map<String, String> map = new LinkedHashMap<>();
    names.forEach(n -> map.put(n.toLowerCase(Locale.ROOT), n));
    return map;
  }

  static List<String> select(Request r, boolean deleted) {
    String raw = r.query().get("$select");
    if (raw == null) {
      return DEFAULT_USER_PROPERTIES;
    }
    return parseSelect(raw, r.beta() ? BETA_USER_SELECTABLE : USER_SELECTABLE, "user");
  }

  /**
   * A {@code $select} list against {@code known} (lower-cased name to Graph's spelling); an unknown
   * name is 400 as Graph answers it, naming {@code microsoft.graph.<type>}.
   */
  static List<String> parseSelect(String raw, Map<String, String> known, String type) {
    Set<String> selected = new LinkedHashSet<>();
    for (String part : raw.split(",")) {
      String name = part.trim();
      String property = known.get(name.toLowerCase(Locale.ROOT));
      if (property == null) {
        throw GraphError.badRequest(
            "Parsing OData Select and Expand failed: Could not find a property named '"
                + name
                + "' on type 'microsoft.graph."
                + type
                + "'.");
      }
      selected.add(property);
    }
    return List.copyOf(selected);
  }

  static ObjectNode project(ObjectNode user, List<String> properties, boolean deleted) {
    ObjectNode out = NODES.objectNode();
    if (deleted) {
      out.put("@odata.type", "#microsoft.graph.user");
    }
    for (String p : properties) {
      JsonNode v = user.get(p);
      if (v == null && p.equals("licenseAssignmentStates")) {
        out.set(p, licenseStates(user));
      } else if (v != null) {
        out.set(p, v.deepCopy());
      } else if (ARRAY_PROPERTIES.contains(p)) {
        out.putArray(p);
      } else {
        out.putNull(p);
      }
    }
    return out;
  }

  /**
   * A user's licence assignment states, derived from its direct assignments: one {@code
   * licenseAssignmentState} per assigned SKU, active, not through a group
   * (https://learn.microsoft.com/graph/api/resources/licenseassignmentstate).
   */
  private static JsonNode licenseStates(ObjectNode user) {
    com.fasterxml.jackson.databind.node.ArrayNode states = NODES.arrayNode();
    for (JsonNode l : user.path("assignedLicenses")) {
      ObjectNode s = states.addObject();
      s.putNull("assignedByGroup");
      s.set(
          "disabledPlans",
          l.path("disabledPlans").isArray()
              ? l.get("disabledPlans").deepCopy()
              : NODES.arrayNode());
      s.put("error", "None");
      s.putNull("lastUpdatedDateTime");
      s.put("skuId", l.path("skuId").asText());
      s.put("state", "Active");
    }
    return states;
  }
}
