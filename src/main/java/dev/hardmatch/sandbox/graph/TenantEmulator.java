package dev.hardmatch.sandbox.graph;

import com.sun.net.httpserver.HttpServer;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.HardmatchException.Code;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tenant emulator: an HTTP server on 127.0.0.1 that answers the Microsoft Graph v1.0 subset
 * hardmatch uses, as strictly as Graph (see docs/sandbox.md), over a {@link TenantState}.
 *
 * <p>Under {@code /v1.0}: {@code GET /organization}; {@code GET /users} and {@code GET
 * /users/{id|upn}} ({@code $select}, {@code $filter} eq/in/or, {@code $top}, {@code $count},
 * {@code @odata.nextLink}); {@code PATCH} and {@code DELETE /users/{id}}; {@code GET
 * /directory/deletedItems/microsoft.graph.user} (or {@code graph.user}); {@code GET|DELETE
 * /directory/deletedItems/{id}}; {@code POST /directory/deletedItems/{id}/restore}; {@code GET
 * /roleManagement/directory/roleAssignments} and {@code roleEligibilityScheduleInstances}; {@code
 * POST /$batch} (at most 20 items, each answered, throttled and counted on its own); {@code GET
 * /groups} and {@code GET /groups/{id}/members} ({@link GroupsResource}); {@code GET
 * /directory/onPremisesSynchronization} and {@code PATCH …/{id}} ({@link OnPremisesSyncResource},
 * delegated tokens only). Under {@code /beta}: {@code GET /users}, {@code GET|PATCH /users/{id}}
 * (the beta user, with {@code onPremisesObjectIdentifier}). Every endpoint checks the token's
 * permissions ({@link Permissions}).
 *
 * <p>Beside it, with the same bearer token: {@code GET /_sandbox/state} (tenant.json), {@code GET
 * /_sandbox/stats} ({@link Stats}), {@code POST /_sandbox/sync} (one Entra Connect delta sync,
 * {@link SyncSimulator}) and {@code GET|POST /_sandbox/scheduler} (Entra Connect's scheduler,
 * {@link SyncScheduler}).
 *
 * <p>This class starts and stops the server and holds the parts: {@link GraphHttp} (plumbing:
 * routing, token check, request-ids, latency, faults, error JSON), {@link Operations} (counting and
 * throttling), {@link BatchHandler}, {@link SandboxAdmin}, and {@link GraphApi} with one class per
 * resource.
 *
 * <pre>{@code
 * try (TenantEmulator emulator = TenantEmulator.start(TenantState.load(file), EmulatorOptions.defaults())) {
 *   URI graph = emulator.graphUrl();   // http://127.0.0.1:PORT/v1.0
 *   String token = emulator.token();   // send as "Authorization: Bearer <token>"
 * }
 * }</pre>
 */
public final class TenantEmulator implements AutoCloseable {
  /** How many received requests {@link #receivedRequests()} keeps (the oldest are dropped). */
  public static final int REQUEST_LOG_CAPACITY = 10_000;

  private final TenantState state;
  private final EmulatorOptions options;
  private final HttpServer server;
  private final ExecutorService pool;
  private final SyncSimulator sync;
  private final SyncScheduler scheduler;
  private final Operations operations;
  private final RequestLog log = new RequestLog(REQUEST_LOG_CAPACITY);

  private TenantEmulator(TenantState state, EmulatorOptions options) throws IOException {
    this.state = state;
    this.options = options;
    this.sync =
        options.syncSource() == null
            ? null
            : new SyncSimulator(options.syncSource(), options.syncBaseDn());
    this.scheduler =
        sync == null
            ? null
            : new SyncScheduler(() -> sync.run(state), options.syncClock(), options.syncEvery());
    this.server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), options.port()), 64);
    AtomicInteger threads = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            32,
            r -> {
              Thread t = new Thread(r, "tenant-emulator-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    GraphApi api = new GraphApi(state, () -> graphUrl().toString(), options);
    this.operations = new Operations(api, options.throttle(), options);
    GraphHttp http =
        new GraphHttp(
            options,
            operations,
            new BatchHandler(operations, log),
            new SandboxAdmin(state, options, this::stats, scheduler),
            log);
    server.setExecutor(pool);
    server.createContext("/", http::dispatch);
    server.start();
  }

  /** Starts the emulator on 127.0.0.1 (port from the options; 0 = any free port). */
  public static TenantEmulator start(TenantState state, EmulatorOptions options) {
    try {
      return new TenantEmulator(state, options);
    } catch (IOException e) {
      throw new HardmatchException(
          Code.IO,
          "cannot start the tenant emulator on 127.0.0.1:" + options.port() + ": " + e.getMessage(),
          "choose another port, or 0 for any free one",
          e);
    }
  }

  /** {@code http://127.0.0.1:PORT/v1.0}: the base URL for a Graph client. */
  public URI graphUrl() {
    return URI.create(baseUrl() + "/v1.0");
  }

  /** {@code http://127.0.0.1:PORT}; the admin endpoints live under {@code /_sandbox/}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The bearer token every request must carry. */
  public String token() {
    return options.token();
  }

  public TenantState state() {
    return state;
  }

  public EmulatorOptions options() {
    return options;
  }

  public Stats stats() {
    return operations.stats();
  }

  /** The most recent requests received on /v1.0 (and their batch items), oldest first. */
  public List<ReceivedRequest> receivedRequests() {
    return log.entries();
  }

  /** Sets every counter of {@link #stats()} back to zero (e.g. after seeding a scenario). */
  public void resetStats() {
    operations.reset();
  }

  /** Forgets the requests {@link #receivedRequests()} holds. */
  public void clearReceivedRequests() {
    log.clear();
  }

  /**
   * Runs one Entra Connect delta sync against the configured sync source, waiting for a cycle the
   * scheduler may be running.
   *
   * @throws HardmatchException (USAGE) when the emulator was started without a sync source
   */
  public SyncResult sync() {
    return scheduler().runNowWaiting();
  }

  /**
   * The sync scheduler ({@code GET|POST /_sandbox/scheduler}).
   *
   * @throws HardmatchException (USAGE) when the emulator was started without a sync source
   */
  public SyncScheduler scheduler() {
    if (scheduler == null) {
      throw new HardmatchException(
          Code.USAGE,
          "the tenant emulator has no directory to sync from",
          "start it with EmulatorOptions.builder().syncSource(directory, baseDn)");
    }
    return scheduler;
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.close();
    }
    server.stop(0);
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
