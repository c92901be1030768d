package dev.hardmatch.tenant;

import com.microsoft.graph.models.OnPremisesDirectorySynchronization;
import com.microsoft.graph.models.OnPremisesDirectorySynchronizationCollectionResponse;
import com.microsoft.graph.models.OnPremisesDirectorySynchronizationFeature;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.HardmatchException.Code;
import java.util.List;

/**
 * Reads and flips the hard-match takeover flag: {@code GET /directory/onPremisesSynchronization}
 * and {@code PATCH /directory/onPremisesSynchronization/{id}} with {@code {"features":
 * {"blockCloudObjectTakeoverThroughHardMatchEnabled": …}}}. Graph allows both to a delegated Global
 * Administrator only (OnPremDirectorySynchronization.Read.All / .ReadWrite.All; application
 * permissions are not supported), so a 403 gets that fix (README, "Permissions").
 */
final class GraphTakeover {
  static final String FIX_403 =
      "only a Global Administrator's delegated sign-in may read or change the takeover flag"
          + " (OnPremDirectorySynchronization.Read.All / .ReadWrite.All; application permissions"
          + " are not supported): run with --auth device-code and sign in as one";

  private final GraphClient graph;

  GraphTakeover(GraphClient graph) {
    this.graph = graph;
  }

  TakeoverWindow read() {
    OnPremisesDirectorySynchronizationCollectionResponse answer =
        call(
            "reading the hard-match takeover flag",
            () -> graph.sdk().directory().onPremisesSynchronization().get());
    List<OnPremisesDirectorySynchronization> values = answer.getValue();
    if (values == null || values.isEmpty()) {
      throw new HardmatchException(
          Code.GRAPH,
          "Graph returned no onPremisesSynchronization object for this tenant",
          "the tenant has never been set up for directory synchronization; nothing blocks a hard"
              + " match");
    }
    OnPremisesDirectorySynchronization sync = values.get(0);
    Boolean blocked =
        sync.getFeatures() == null
            ? Boolean.FALSE
            : Boolean.TRUE.equals(
                sync.getFeatures().getBlockCloudObjectTakeoverThroughHardMatchEnabled());
    return new TakeoverWindow(sync.getId(), HardMatchTakeover.ofBlockFlag(blocked));
  }

  /** Sets the flag and returns the window as it was before. */
  TakeoverWindow set(boolean blocked) {
    TakeoverWindow before = read();
    OnPremisesDirectorySynchronization patch = new OnPremisesDirectorySynchronization();
    OnPremisesDirectorySynchronizationFeature features =
        new OnPremisesDirectorySynchronizationFeature();
    features.setBlockCloudObjectTakeoverThroughHardMatchEnabled(blocked);
    patch.setFeatures(features);
    call(
        "changing the hard-match takeover flag",
        () ->
            graph
                .sdk()
                .directory()
                .onPremisesSynchronization()
                .byOnPremisesDirectorySynchronizationId(before.id())
                .patch(patch));
    return before;
  }

  private <T> T call(String what, java.util.function.Supplier<T> request) {
    try {
      return request.get();
    } catch (RuntimeException e) {
      HardmatchException failure = GraphErrors.fromException(what, graph.base(), e);
      if (GraphClient.status(e) == 403) {
        throw new HardmatchException(Code.GRAPH, failure.getMessage(), FIX_403);
      }
      throw failure;
    }
  }
}
