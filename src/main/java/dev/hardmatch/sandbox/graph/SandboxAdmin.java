package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.HardmatchException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The sandbox's own endpoints under {@code /_sandbox/} (not Graph; same bearer token): {@code GET
 * state} (tenant.json), {@code GET stats} ({@link Stats} plus the options' extra figures), {@code
 * POST sync} (one Entra Connect delta sync now, {@link SyncSimulator}; 409 {@code SyncInProgress}
 * while a cycle runs, as {@code Start-ADSyncSyncCycle} is refused, see {@link SyncScheduler}; 409
 * without a sync source, 502 when the directory fails) and {@code GET|POST scheduler} (reads and
 * sets {@code {"enabled", "intervalSeconds", "nextRunAt"}}, {@link SyncScheduler}).
 */
final class SandboxAdmin {
  private final TenantState state;
  private final EmulatorOptions options;
  private final Supplier<Stats> stats;
  private final SyncScheduler scheduler;

  /**
   * @param scheduler null when the emulator has no directory to sync from
   */
  SandboxAdmin(
      TenantState state, EmulatorOptions options, Supplier<Stats> stats, SyncScheduler scheduler) {
    this.state = state;
    this.options = options;
    this.stats = stats;
    this.scheduler = scheduler;
  }

  /** Answers {@code METHOD /_sandbox/what} for an authenticated caller. */
  GraphApi.Response handle(String method, String what, JsonNode body, String requestId) {
    if (what.equals("state") && method.equals("GET")) {
      return GraphApi.Response.json(200, state.toJsonNode());
    }
    if (what.equals("stats") && method.equals("GET")) {
      ObjectNode json = stats.get().toJson();
      options.extraStats().get().forEach(json::put);
      return GraphApi.Response.json(200, json);
    }
    if ((what.equals("sync") && method.equals("POST"))
        || (what.equals("scheduler") && (method.equals("GET") || method.equals("POST")))) {
      if (scheduler == null) {
        return error(
            409,
            "SyncUnavailable",
            "The emulator was started without a directory to sync from.",
            requestId);
      }
      return what.equals("sync") ? sync(requestId) : scheduler(method, body, requestId);
    }
    return error(
        404,
        "Request_ResourceNotFound",
        "Unknown sandbox endpoint: " + method + " /_sandbox/" + what,
        requestId);
  }

  private GraphApi.Response sync(String requestId) {
    try {
      Optional<SyncResult> result = scheduler.runNow();
      if (result.isEmpty()) {
        // Start-ADSyncSyncCycle's words while a cycle runs (see SyncScheduler).
        return error(
            409,
            "SyncInProgress",
            "A sync cycle is already running (AAD is busy); try again when it has finished.",
            requestId);
      }
      return GraphApi.Response.json(200, result.get().toJson());
    } catch (HardmatchException e) {
      return error(502, "SyncFailed", e.getMessage(), requestId);
    }
  }

  private GraphApi.Response scheduler(String method, JsonNode body, String requestId) {
    if (method.equals("POST")) {
      try {
        scheduler.set(body);
      } catch (IllegalArgumentException e) {
        return error(400, "BadRequest", e.getMessage(), requestId);
      }
    }
    return GraphApi.Response.json(200, scheduler.toJson());
  }

  private static GraphApi.Response error(int status, String code, String message, String id) {
    return ErrorJson.of(new GraphError(status, code, message), id, id);
  }
}
