package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.sandbox.graph.GraphApi.Request;
import dev.hardmatch.sandbox.graph.GraphApi.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /directory/onPremisesSynchronization}: the tenant's sync features, read
 * (https://learn.microsoft.com/graph/api/onpremisesdirectorysynchronization-get: {@code GET
 * /directory/onPremisesSynchronization}, a collection whose one object's {@code id} is the tenant
 * id, {@code $select} supported) and changed
 * (https://learn.microsoft.com/graph/api/onpremisesdirectorysynchronization-update: {@code PATCH
 * /directory/onPremisesSynchronization/{id}} with {@code {"features":{…}}}, 204). Both are
 * delegated-only (Global Administrator): {@link Permissions} refuses application tokens with 403.
 * The features are those of {@link TenantState#SYNC_FEATURES}; any other is refused as an unknown
 * property (the strictest reading: Graph knows more features, the emulator models these).
 */
final class OnPremisesSyncResource {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final TenantState state;
  private final Supplier<String> baseUrl;

  OnPremisesSyncResource(TenantState state, Supplier<String> baseUrl) {
    this.state = state;
    this.baseUrl = baseUrl;
  }

  Response get(Request r) {
    QueryOptions.allowOptions(r, Set.of("$select"));
    ObjectNode sync = NODES.objectNode();
    sync.put("id", state.tenantId());
    ObjectNode features = sync.putObject("features");
    Map<String, Boolean> values = state.syncFeatures();
    TenantState.SYNC_FEATURES.forEach(f -> features.put(f, values.get(f)));
    ObjectNode body = NODES.objectNode();
    body.put("@odata.context", baseUrl.get() + "/$metadata#directory/onPremisesSynchronization");
    body.putArray("value").add(sync);
    return Response.json(200, body);
  }

  Response patch(Request r, String id) {
    QueryOptions.allowOptions(r, Set.of());
    if (!id.equalsIgnoreCase(state.tenantId())) {
      throw GraphError.notFound(id);
    }
    JsonNode body = r.body();
    if (body == null || !body.isObject() || body.isEmpty()) {
      throw GraphError.badRequest("Empty Payload. JSON content expected.");
    }
    Map<String, Boolean> changes = new LinkedHashMap<>();
    body.properties()
        .forEach(
            e -> {
              if (e.getKey().startsWith("@odata.")) {
                return;
              }
              if (!e.getKey().equals("features") || !e.getValue().isObject()) {
                throw GraphError.badRequest(
                    "Property '"
                        + e.getKey()
                        + "' does not exist as a declared property or extension property.");
              }
              e.getValue()
                  .properties()
                  .forEach(
                      f -> {
                        if (!TenantState.SYNC_FEATURES.contains(f.getKey())) {
                          throw GraphError.badRequest(
                              "Property '"
                                  + f.getKey()
                                  + "' does not exist as a declared property or extension"
                                  + " property.");
                        }
                        if (!f.getValue().isBoolean()) {
                          throw GraphError.badRequest(
                              "Invalid value specified for property '"
                                  + f.getKey()
                                  + "' of resource 'OnPremisesDirectorySynchronizationFeature'.");
                        }
                        changes.put(f.getKey(), f.getValue().asBoolean());
                      });
            });
    changes.forEach(state::setSyncFeature);
    return Response.noContent();
  }
}
