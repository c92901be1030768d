package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.sandbox.graph.GraphApi.Request;
import dev.hardmatch.sandbox.graph.GraphApi.Response;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /organization} (https://learn.microsoft.com/graph/api/organization-list): the tenant
 * with its verified domains, as a one-element collection.
 */
final class OrganizationResource {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final TenantState state;
  private final Supplier<String> baseUrl;

  OrganizationResource(TenantState state, Supplier<String> baseUrl) {
    this.state = state;
    this.baseUrl = baseUrl;
  }

  Response get(Request r) {
    QueryOptions.allowOptions(r, Set.of("$select"));
    ObjectNode org = NODES.objectNode();
    org.put("id", state.tenantId());
    org.put("displayName", state.displayName());
    ArrayNode domains = org.putArray("verifiedDomains");
    state
        .verifiedDomains()
        .forEach(
            d ->
                domains
                    .addObject()
                    .put("capabilities", "Email, OfficeCommunicationsOnline")
                    .put("isDefault", d.isDefault())
                    .put("isInitial", d.isInitial())
                    .put("name", d.name())
                    .put("type", "Managed"));
    ObjectNode body = NODES.objectNode();
    body.put("@odata.context", baseUrl.get() + "/$metadata#organization");
    body.putArray("value").add(org);
    return Response.json(200, body);
  }
}
