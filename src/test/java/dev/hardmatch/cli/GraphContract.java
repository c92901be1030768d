package dev.hardmatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.graph.models.OnPremisesDirectorySynchronizationCollectionResponse;
import com.microsoft.graph.models.OrganizationCollectionResponse;
import com.microsoft.graph.models.UnifiedRoleAssignmentCollectionResponse;
import com.microsoft.graph.models.UnifiedRoleEligibilityScheduleInstanceCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.kiota.serialization.AdditionalDataHolder;
import com.microsoft.kiota.serialization.JsonParseNodeFactory;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import dev.hardmatch.sandbox.graph.ReceivedRequest;
import dev.hardmatch.sandbox.graph.ServedResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contract between the tenant emulator and Microsoft Graph, checked from both sides:
 *
 * <ul>
 *   <li>every answer the emulator served is parsed with the microsoft-graph SDK's own Kiota models
 *       (errors as {@link ODataError}); a property the real model lacks ends in a model's {@code
 *       getAdditionalData()} and is reported (instance annotations {@code @odata.*} aside; under
 *       {@code /beta}, the beta-only properties the metadata extract records);
 *   <li>every request path, {@code $select}, {@code $filter} and {@code $expand} property a client
 *       sent is resolved against Graph's published v1.0 metadata, trimmed to {@code
 *       src/main/resources/graph-metadata/graph-v1.0-extract.json} by {@code
 *       ci/graph-metadata/extract.py}.
 * </ul>
 */
final class GraphContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "microsoft.graph.";
  private static final JsonNode META = metadata();

  private GraphContract() {}

  private static JsonNode metadata() {
    try (InputStream in =
        GraphContract.class.getResourceAsStream("/graph-metadata/graph-v1.0-extract.json")) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The SDK model a successful answer of this route parses into. */
  private static ParsableFactory<? extends Parsable> model(String route) {
    String r = route.replace(" /beta/", " /");
    switch (r) {
      case "GET /organization":
        return OrganizationCollectionResponse::createFromDiscriminatorValue;
      case "GET /users":
      case "GET /directory/deletedItems/microsoft.graph.user":
      case "GET /directory/deletedItems/graph.user":
        return UserCollectionResponse::createFromDiscriminatorValue;
      case "GET /users/{id}":
      case "GET /directory/deletedItems/{id}/graph.user":
        return User::createFromDiscriminatorValue;
      case "GET /directory/deletedItems/{id}":
      case "GET /users/{id}/manager":
      case "POST /directory/deletedItems/{id}/restore":
        return DirectoryObject::createFromDiscriminatorValue;
      case "GET /roleManagement/directory/roleAssignments":
        return UnifiedRoleAssignmentCollectionResponse::createFromDiscriminatorValue;
      case "GET /roleManagement/directory/roleEligibilityScheduleInstances":
        return UnifiedRoleEligibilityScheduleInstanceCollectionResponse
            ::createFromDiscriminatorValue;
      case "GET /groups":
      case "GET /users/{id}/memberOf/graph.group":
        return GroupCollectionResponse::createFromDiscriminatorValue;
      case "GET /groups/{id}/members":
        return DirectoryObjectCollectionResponse::createFromDiscriminatorValue;
      case "GET /directory/onPremisesSynchronization":
        return OnPremisesDirectorySynchronizationCollectionResponse::createFromDiscriminatorValue;
      default:
        return null;
    }
  }

  /** Every property of a served answer that the SDK's model does not have, one line each. */
  static List<String> unknownProperties(Collection<ServedResponse> served) {
    List<String> problems = new ArrayList<>();
    for (ServedResponse s : served) {
      if (s.body() == null) {
        continue;
      }
      ParsableFactory<? extends Parsable> factory =
          s.status() >= 400 ? ODataError::createFromDiscriminatorValue : model(s.route());
      if (factory == null) {
        problems.add(s.route() + ": no SDK model is mapped for this route's answer");
        continue;
      }
      Parsable parsed;
      try {
        byte[] bytes = JSON.writeValueAsBytes(s.body());
        parsed =
            new JsonParseNodeFactory()
                .getParseNode("application/json", new ByteArrayInputStream(bytes))
                .getObjectValue(factory);
      } catch (IOException | RuntimeException e) {
        problems.add(s.route() + ": the SDK cannot parse the answer: " + e);
        continue;
      }
      Set<String> allowed = "beta".equals(s.version()) ? betaOnly() : Set.of();
      walk(parsed, s.route() + " " + s.status(), allowed, problems);
    }
    return problems;
  }

  private static Set<String> betaOnly() {
    Set<String> names = new LinkedHashSet<>();
    META.path("betaOnly").path("user").fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Reports unknown properties of {@code model} and, recursively, of its nested models. */
  private static void walk(Object model, String where, Set<String> allowed, List<String> out) {
    if (model instanceof AdditionalDataHolder holder) {
      for (Map.Entry<String, Object> e : holder.getAdditionalData().entrySet()) {
        if (!e.getKey().startsWith("@odata.") && !allowed.contains(e.getKey())) {
          out.add(
              where
                  + ": property '"
                  + e.getKey()
                  + "' is not in the SDK's "
                  + model.getClass().getSimpleName()
                  + " model");
        }
      }
    }
    for (Method m : model.getClass().getMethods()) {
      if (m.getParameterCount() != 0
          || !m.getName().startsWith("get")
          || m.getName().equals("getAdditionalData")
          || m.getName().equals("getBackingStore")
          || m.getName().equals("getFieldDeserializers")) {
        continue;
      }
      Object value;
      try {
        value = m.invoke(model);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      if (value instanceof Parsable nested) {
        walk(nested, where, allowed, out);
      } else if (value instanceof List<?> list) {
        for (Object item : list) {
          if (item instanceof Parsable nested) {
            walk(nested, where, allowed, out);
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------ requests vs metadata

  private static final Pattern FILTER_PROPERTY =
      Pattern.compile("\\b([A-Za-z][A-Za-z0-9]*)\\s+(?:eq|in|ne)\\b");
  private static final Pattern EXPAND =
      Pattern.compile("^([A-Za-z]+)(?:\\(\\$select=([^)]*)\\))?$");

  /** Every request path segment or query property the v1.0 (or beta) metadata does not know. */
  static List<String> unknownInRequests(Collection<ReceivedRequest> requests) {
    List<String> problems = new ArrayList<>();
    for (ReceivedRequest r : requests) {
      String url = r.url();
      int q = url.indexOf('?');
      String path = q < 0 ? url : url.substring(0, q);
      String query = q < 0 ? "" : url.substring(q + 1);
      boolean beta = path.startsWith("/beta/");
      List<String> segments =
          new ArrayList<>(List.of(path.replaceFirst("^/(v1\\.0|beta)/", "").split("/")));
      if (segments.equals(List.of("$batch"))) {
        continue;
      }
      String type;
      try {
        type = resolve(segments);
      } catch (IllegalArgumentException e) {
        problems.add(r + ": " + e.getMessage());
        continue;
      }
      for (String option : query.split("&")) {
        int eq = option.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String name = option.substring(0, eq);
        String value = option.substring(eq + 1);
        if (name.equals("$select")) {
          checkProperties(type, List.of(value.split(",")), beta, r, problems);
        } else if (name.equals("$filter")) {
          Matcher m = FILTER_PROPERTY.matcher(value.replaceAll("'[^']*'", "''"));
          List<String> names = new ArrayList<>();
          while (m.find()) {
            names.add(m.group(1));
          }
          checkProperties(type, names, beta, r, problems);
        } else if (name.equals("$expand")) {
          Matcher m = EXPAND.matcher(value);
          String target = m.matches() ? navigation(type, m.group(1)) : null;
          if (target == null) {
            problems.add(r + ": $expand=" + value + " names no navigation property of " + type);
          } else if (m.group(2) != null) {
            checkProperties(elementType(target), List.of(m.group(2).split(",")), beta, r, problems);
          }
        }
      }
    }
    return problems;
  }

  /** The type a path addresses (collections by their element type). */
  private static String resolve(List<String> segments) {
    JsonNode entry = META.path("entryPoints").path(segments.get(0));
    if (entry.isMissingNode()) {
      throw new IllegalArgumentException("'" + segments.get(0) + "' is no entity set or singleton");
    }
    String type = entry.path("type").asText();
    boolean collection = entry.path("kind").asText().equals("EntitySet");
    for (String s : segments.subList(1, segments.size())) {
      String cast = s.startsWith("graph.") ? NS + s.substring(6) : s;
      String nav = navigation(type, s);
      if (nav != null) {
        collection = nav.startsWith("Collection(");
        type = elementType(nav);
      } else if (cast.startsWith(NS) && META.path("entityTypes").has(cast.substring(NS.length()))) {
        type = cast; // a type cast, e.g. deletedItems/microsoft.graph.user
      } else if (META.path("boundActions").has(s)) {
        boolean bound = false;
        for (JsonNode binding : META.path("boundActions").path(s)) {
          bound |= isA(type, binding.asText());
        }
        if (!bound) {
          throw new IllegalArgumentException("action '" + s + "' is not bound to " + type);
        }
      } else if (collection) {
        collection = false; // a key: the element itself
      } else {
        throw new IllegalArgumentException("'" + s + "' is no navigation property of " + type);
      }
    }
    return type;
  }

  private static boolean isA(String type, String base) {
    for (String t = type; t != null; t = baseType(t)) {
      if (t.equals(base)) {
        return true;
      }
    }
    return false;
  }

  private static String baseType(String type) {
    JsonNode t = META.path("entityTypes").path(type.substring(NS.length()));
    return t.has("baseType") ? t.get("baseType").asText() : null;
  }

  private static String navigation(String type, String name) {
    for (String t = type; t != null; t = baseType(t)) {
      JsonNode nav =
          META.path("entityTypes")
              .path(t.substring(NS.length()))
              .path("navigationProperties")
              .get(name);
      if (nav != null) {
        return nav.asText();
      }
    }
    return null;
  }

  private static String elementType(String nav) {
    String t = nav.replaceFirst("^Collection\\((.*)\\)$", "$1");
    return t.startsWith("graph.") ? NS + t.substring(6) : t;
  }

  private static void checkProperties(
      String type, List<String> names, boolean beta, ReceivedRequest r, List<String> out) {
    for (String raw : names) {
      String name = raw.trim();
      boolean known = beta && META.path("betaOnly").path(type.substring(NS.length())).has(name);
      for (String t = type; t != null && !known; t = baseType(t)) {
        for (JsonNode p :
            META.path("entityTypes").path(t.substring(NS.length())).path("properties")) {
          known |= p.asText().equals(name);
        }
      }
      if (!known) {
        out.add(r + ": '" + name + "' is no property of " + type);
      }
    }
  }
}
