package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.HardmatchException;
import java.util.function.Supplier;

/**
 * The sandbox's own endpoints under {@code /_sandbox/} (not Graph; same bearer token): {@code GET
 * state} (tenant.json), {@code GET stats} ({@link Stats} plus the options' extra figures) and
 * {@code POST sync} (one Entra Connect delta sync, {@link SyncSimulator}; 409 without a sync
 * source, 502 when the directory fails).
 */
final class SandboxAdmin {
  private final TenantState state;
  private final EmulatorOptions options;
  private final Supplier<Stats> stats;
  private final Supplier<SyncResult> sync;
  private final boolean canSync;

  SandboxAdmin(
      TenantState state,
      EmulatorOptions options,
      Supplier<Stats> stats,
      Supplier<SyncResult> sync,
      boolean canSync) {
    this.state = state;
    this.options = options;
    this.stats = stats;
    this.sync = sync;
    this.canSync = canSync;
  }

  /** Answers {@code METHOD /_sandbox/what} for an authenticated caller. */
  GraphApi.Response handle(String method, String what, String requestId) {
    if (what.equals("state") && method.equals("GET")) {
      return GraphApi.Response.json(200, state.toJsonNode());
    }
    if (what.equals("stats") && method.equals("GET")) {
      ObjectNode json = stats.get().toJson();
      options.extraStats().get().forEach(json::put);
      return GraphApi.Response.json(200, json);
    }
    if (what.equals("sync") && method.equals("POST")) {
      if (!canSync) {
        return ErrorJson.of(
            new GraphError(
                409,
                "SyncUnavailable",
                "The emulator was started without a directory to sync from."),
            requestId,
            requestId);
      }
      try {
        return GraphApi.Response.json(200, sync.get().toJson());
      } catch (HardmatchException e) {
        return ErrorJson.of(
            new GraphError(502, "SyncFailed", e.getMessage()), requestId, requestId);
      }
    }
    return ErrorJson.of(
        new GraphError(
            404,
            "Request_ResourceNotFound",
            "Unknown sandbox endpoint: " + method + " /_sandbox/" + what),
        requestId,
        requestId);
  }
}
