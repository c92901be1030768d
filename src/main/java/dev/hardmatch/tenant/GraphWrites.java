package dev.hardmatch.tenant;

import static dev.hardmatch.tenant.GraphMapping.anchorPatch;

import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.http.middleware.options.HeadersInspectionOption;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.tenant.BatchEngine.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes: soft-delete, purge from the recycle bin and PATCH onPremisesImmutableId, one at a time or
 * many at once through the {@link BatchEngine}, paced to a {@link WriteQuota}. Each returns Graph's
 * request-id for the journal.
 */
final class GraphWrites {
  private final GraphClient graph;
  private final BatchEngine batches;
  private final WriteQuota quota;

  GraphWrites(GraphClient graph, BatchEngine batches, WriteQuota quota) {
    this.graph = graph;
    this.batches = batches;
    this.quota = quota;
  }

  String deleteUser(String id) {
    HeadersInspectionOption headers = new HeadersInspectionOption(false, true);
    graph.call(
        "deleting user " + id,
        () -> {
          graph.sdk().users().byUserId(id).delete(c -> c.options.add(headers));
          return null;
        });
    return GraphErrors.header(headers.getResponseHeaders(), "request-id");
  }

  String purgeDeletedUser(String id) {
    HeadersInspectionOption headers = new HeadersInspectionOption(false, true);
    graph.call(
        "purging deleted user " + id,
        () -> {
          graph
              .sdk()
              .directory()
              .deletedItems()
              .byDirectoryObjectId(id)
              .delete(c -> c.options.add(headers));
          return null;
        });
    return GraphErrors.header(headers.getResponseHeaders(), "request-id");
  }

  String setImmutableId(String id, String immutableId) {
    HeadersInspectionOption headers = new HeadersInspectionOption(false, true);
    graph.call(
        "setting onPremisesImmutableId of user " + id,
        () ->
            graph
                .sdk()
                .users()
                .byUserId(id)
                .patch(anchorPatch(immutableId), c -> c.options.add(headers)));
    return GraphErrors.header(headers.getResponseHeaders(), "request-id");
  }

  String restoreDeletedUser(String id) {
    HeadersInspectionOption headers = new HeadersInspectionOption(false, true);
    graph.call(
        "restoring deleted user " + id,
        () ->
            graph
                .sdk()
                .directory()
                .deletedItems()
                .byDirectoryObjectId(id)
                .restore()
                .post(c -> c.options.add(headers)));
    return GraphErrors.header(headers.getResponseHeaders(), "request-id");
  }

  /** See {@link GraphTenant#writeBatch}. */
  List<WriteOutcome> writeBatch(List<WriteRequest> writes) {
    GraphServiceClient sdk = graph.sdk();
    WriteOutcome[] outcomes = new WriteOutcome[writes.size()];
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < writes.size(); i++) {
      int index = i;
      WriteRequest write = writes.get(i);
      steps.add(
          new Step(
              write.describe(),
              request(sdk, write),
              r -> {
                outcomes[index] = new WriteOutcome(write, r.status(), r.requestId(), null);
                return null;
              },
              r -> {
                HardmatchException error =
                    GraphErrors.fromStep(write.describe(), r.status(), r.body(), r.requestId());
                outcomes[index] =
                    new WriteOutcome(
                        write,
                        r.status(),
                        error instanceof AnchorConflictException
                            ? ((AnchorConflictException) error).requestId()
                            : r.requestId(),
                        error);
                return true;
              }));
    }
    batches.run(steps, quota);
    return List.of(outcomes);
  }

  private static RequestInformation request(GraphServiceClient sdk, WriteRequest write) {
    switch (write.type()) {
      case DELETE_USER:
        return sdk.users().byUserId(write.objectId()).toDeleteRequestInformation();
      case PURGE_DELETED_USER:
        return sdk.directory()
            .deletedItems()
            .byDirectoryObjectId(write.objectId())
            .toDeleteRequestInformation();
      default:
        return sdk.users()
            .byUserId(write.objectId())
            .toPatchRequestInformation(anchorPatch(write.immutableId()));
    }
  }
}
