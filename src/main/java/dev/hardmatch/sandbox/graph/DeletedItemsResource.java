package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.sandbox.graph.GraphApi.Request;
import dev.hardmatch.sandbox.graph.GraphApi.Response;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /directory/deletedItems}: the recycle bin's users, listed with a type cast
 * (https://learn.microsoft.com/graph/api/directory-deleteditems-list), read
 * (https://learn.microsoft.com/graph/api/directory-deleteditems-get), purged
 * (https://learn.microsoft.com/graph/api/directory-deleteditems-delete) and restored
 * (https://learn.microsoft.com/graph/api/directory-deleteditems-restore).
 */
final class DeletedItemsResource {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final TenantState state;
  private final Supplier<String> baseUrl;
  private final UsersResource users;

  DeletedItemsResource(TenantState state, Supplier<String> baseUrl, UsersResource users) {
    this.state = state;
    this.baseUrl = baseUrl;
    this.users = users;
  }

  /** {@code GET /directory/deletedItems/microsoft.graph.user}: listed like {@code /users}. */
  Response list(Request r, String path) {
    return users.list(r, true, path);
  }

  Response get(Request r, String id) {
    QueryOptions.allowOptions(r, Set.of("$select"));
    List<String> select = UserJson.select(r, true);
    ObjectNode user = state.deletedUser(id).orElseThrow(() -> GraphError.notFound(id));
    ObjectNode body = NODES.objectNode();
    body.put("@odata.context", baseUrl.get() + "/$metadata#directoryObjects/$entity");
    body.setAll(UserJson.project(user, select, true));
    return Response.json(200, body);
  }

  Response purge(String id) {
    if (!state.purgeDeletedUser(id)) {
      throw GraphError.notFound(id);
    }
    return Response.noContent();
  }

  Response restore(String id) {
    ObjectNode restored;
    synchronized (state) {
      ObjectNode user = state.deletedUser(id).orElseThrow(() -> GraphError.notFound(id));
      state
          .user(user.path("userPrincipalName").asText())
          .ifPresent(
              other -> {
                throw UsersResource.conflict("userPrincipalName", other.path("id").asText());
              });
      restored = state.restoreDeletedUser(id).orElseThrow();
    }
    ObjectNode body = NODES.objectNode();
    body.put("@odata.context", baseUrl.get() + "/$metadata#directoryObjects/$entity");
    body.setAll(UserJson.project(restored, UserJson.DEFAULT_USER_PROPERTIES, true));
    return Response.json(200, body);
  }
}
