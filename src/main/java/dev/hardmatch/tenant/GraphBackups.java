package dev.hardmatch.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import dev.hardmatch.tenant.BatchEngine.Step;
import dev.hardmatch.util.GraphUserProperties;
import dev.hardmatch.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Complete backups of users about to be deleted or purged (docs/apply.md, "Backups"): every v1.0
 * user property by {@code $select} ({@link GraphUserProperties}, from Graph's metadata), plus for
 * an active user its manager ({@code GET /users/{id}/manager}) and group memberships ({@code GET
 * /users/{id}/memberOf/microsoft.graph.group}); for a user in the recycle bin {@code GET
 * /directory/deletedItems/{id}/microsoft.graph.user} with the same {@code $select} (the type cast
 * makes the user's properties selectable on a directoryObject path). All reads of one wave go as
 * steps of {@code $batch}es.
 */
final class GraphBackups {
  private static final ObjectMapper JSON = Json.mapper();

  /**
   * Properties left out of the {@code $select}: each needs a permission hardmatch does not ask for
   * or a mailbox, and Graph refuses the whole read without it (the user resource's property table,
   * https://learn.microsoft.com/graph/api/resources/user): signInActivity (AuditLog.Read.All),
   * mailboxSettings (a mailbox, MailboxSettings.Read), customSecurityAttributes
   * (CustomSecAttributeAssignment.Read.All).
   */
  static final Set<String> NOT_SELECTED =
      Set.of("signInActivity", "mailboxSettings", "customSecurityAttributes");

  static final String[] SELECT =
      GraphUserProperties.all().stream()
          .filter(p -> !NOT_SELECTED.contains(p))
          .toArray(String[]::new);

  private final GraphClient graph;
  private final BatchEngine batches;

  GraphBackups(GraphClient graph, BatchEngine batches) {
    this.graph = graph;
    this.batches = batches;
  }

  /** See {@link Tenant#backups}. */
  Map<String, JsonNode> read(Collection<String> ids, boolean deleted) {
    GraphServiceClient sdk = graph.sdk();
    Map<String, ObjectNode> out = new LinkedHashMap<>();
    List<Step> steps = new ArrayList<>();
    for (String id : ids) {
      ObjectNode backup = JSON.createObjectNode();
      out.put(id, backup);
      steps.add(
          new Step(
              "reading the backup of " + (deleted ? "deleted user " : "user ") + id,
              deleted
                  ? sdk.directory()
                      .deletedItems()
                      .byDirectoryObjectId(id)
                      .graphUser()
                      .toGetRequestInformation(c -> c.queryParameters.select = SELECT)
                  : sdk.users()
                      .byUserId(id)
                      .toGetRequestInformation(c -> c.queryParameters.select = SELECT),
              r -> {
                ObjectNode body = body(r);
                body.remove("@odata.context");
                synchronized (backup) {
                  body.properties().forEach(p -> backup.set(p.getKey(), p.getValue()));
                }
                return null;
              },
              r -> r.status() == 404)); // gone meanwhile: the step's own read finds out
      if (deleted) {
        continue;
      }
      steps.add(
          new Step(
              "reading the manager of user " + id,
              sdk.users()
                  .byUserId(id)
                  .manager()
                  .toGetRequestInformation(), // a directoryObject: no user property to $select
              r -> {
                ObjectNode m = body(r);
                ObjectNode manager = JSON.createObjectNode();
                manager.put("id", m.path("id").asText(null));
                manager.put("userPrincipalName", m.path("userPrincipalName").asText(null));
                synchronized (backup) {
                  backup.set("manager", manager);
                }
                return null;
              },
              r -> {
                if (r.status() == 404) { // no manager
                  synchronized (backup) {
                    backup.putNull("manager");
                  }
                  return true;
                }
                return false;
              }));
      ArrayNode groups = JSON.createArrayNode();
      steps.add(
          new Step(
              "reading the group memberships of user " + id,
              sdk.users()
                  .byUserId(id)
                  .memberOf()
                  .graphGroup()
                  .toGetRequestInformation(
                      c -> c.queryParameters.select = new String[] {"id", "displayName"}),
              r -> {
                ObjectNode page = body(r);
                synchronized (backup) {
                  for (JsonNode g : page.path("value")) {
                    ObjectNode group = groups.addObject();
                    group.put("id", g.path("id").asText(null));
                    group.put("displayName", g.path("displayName").asText(null));
                  }
                  backup.set("memberOf", groups);
                }
                return page.path("@odata.nextLink").asText(null);
              },
              r -> r.status() == 404));
    }
    batches.run(steps, null);
    Map<String, JsonNode> result = new LinkedHashMap<>();
    out.forEach(
        (id, backup) -> {
          if (backup.has("id")) {
            result.put(id, backup);
          }
        });
    return result;
  }

  private static ObjectNode body(BatchEngine.StepResult r) {
    try {
      JsonNode n = r.body() == null ? null : JSON.readTree(r.body());
      return n instanceof ObjectNode o ? o : JSON.createObjectNode();
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
