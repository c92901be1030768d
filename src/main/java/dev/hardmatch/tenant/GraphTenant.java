package dev.hardmatch.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.spec.LinksFile;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The {@link Tenant} port on Microsoft Graph through the microsoft-graph 6.x SDK and
 * azure-identity: a facade over its parts.
 *
 * <ul>
 *   <li>{@link GraphSignIn}: the endpoint and the sign-in; {@link GraphClient}: the SDK client and
 *       its HTTP pipeline, built on first use (commands that never talk to Graph pay nothing);
 *   <li>{@link BatchEngine}: {@code $batch}es of up to 20, several in flight, writes paced to a
 *       {@link WriteQuota};
 *   <li>{@link GraphReads} and {@link GraphWrites}; {@link GraphMapping} from SDK models to the
 *       project's records;
 *   <li>{@link GraphRetry}: who retries what (the one retry policy); {@link GraphHttpLog}: every
 *       request at DEBUG.
 * </ul>
 *
 * <p>Reads go in bulk (README "Benchmark"): UPN and anchor lookups as {@code in} filters of 15
 * values, packed 20 to a {@code $batch}, several batches in flight; the recycle bin and role
 * assignments are listed once.
 */
public final class GraphTenant implements Tenant {

  /** The sandbox's static bearer token; honoured for loopback endpoints only. */
  public static final String TOKEN_ENV = "HARDMATCH_GRAPH_TOKEN";

  /**
   * Tuning for bulk work.
   *
   * @param concurrency batches in flight at once
   * @param maxItemAttempts how often one batch item answered 503/504 is sent before it counts as
   *     failed (an item answered 429 is sent again until the deadline)
   * @param writeQuota pacing for {@link #writeBatch}
   * @param progress told after every batch and before every throttled wait
   * @param deadline how long, from opening the connection, throttled items are sent again
   */
  public record Options(
      int concurrency,
      int maxItemAttempts,
      WriteQuota writeQuota,
      GraphProgress progress,
      Duration deadline) {

    /**
     * Twelve hours: the largest plans (100,000 links, about 300,000 writes) need some 4.2 hours at
     * Graph's full write quota (docs/apply.md, "How long apply takes"), so this leaves room for
     * running at a third of it, and still ends a run that another app's load throttles for good.
     */
    public static final Duration DEFAULT_DEADLINE = Duration.ofHours(12);

    public Options {
      if (concurrency < 1 || maxItemAttempts < 1 || writeQuota == null || progress == null) {
        throw new IllegalArgumentException("concurrency and attempts must be >= 1, quota set");
      }
      if (deadline == null || deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("the deadline must be positive");
      }
    }

    public static Options defaults() {
      return new Options(4, 8, WriteQuota.GRAPH_DEFAULT, GraphProgress.NONE, DEFAULT_DEADLINE);
    }

    public Options withConcurrency(int n) {
      return new Options(n, maxItemAttempts, writeQuota, progress, deadline);
    }

    public Options withMaxItemAttempts(int n) {
      return new Options(concurrency, n, writeQuota, progress, deadline);
    }

    public Options withWriteQuota(WriteQuota quota) {
      return new Options(concurrency, maxItemAttempts, quota, progress, deadline);
    }

    public Options withProgress(GraphProgress listener) {
      return new Options(concurrency, maxItemAttempts, writeQuota, listener, deadline);
    }

    public Options withDeadline(Duration d) {
      return new Options(concurrency, maxItemAttempts, writeQuota, progress, d);
    }
  }

  private final GraphClient graph;
  private final BatchEngine batches;
  private final GraphReads reads;
  private final GraphWrites writes;
  private final GraphBackups backups;

  private final GraphClient beta;
  private final BatchEngine betaBatches;

  private GraphTenant(GraphClient graph, GraphClient beta, Options options) {
    this.graph = graph;
    this.beta = beta;
    this.batches = new BatchEngine(graph, options);
    // Graph serves some properties under /beta only (onPremisesObjectIdentifier); a beta $batch
    // addresses beta URLs. Both clients are built on first use.
    this.betaBatches = new BatchEngine(beta, options);
    this.reads = new GraphReads(graph, batches, () -> beta, () -> betaBatches);
    this.writes = new GraphWrites(graph, batches, options.writeQuota());
    this.backups = new GraphBackups(graph, batches);
  }

  /** {@link #open(LinksFile.TenantSpec, GraphAuth, Map, Options)} with default options. */
  public static GraphTenant open(
      LinksFile.TenantSpec spec, GraphAuth auth, Map<String, String> env) {
    return open(spec, auth, env, Options.defaults());
  }

  /**
   * Prepares a tenant connection; nothing goes over the network until the first call.
   *
   * <p>{@code spec.graph()} picks the endpoint (national clouds; the sandbox). When {@code env}
   * holds {@value #TOKEN_ENV} and the endpoint is loopback, that static token is used; for any
   * other endpoint the variable is refused (exit 64), because it would bypass azure-identity.
   *
   * @throws HardmatchException {@code USAGE} for a malformed endpoint or a refused static token
   */
  public static GraphTenant open(
      LinksFile.TenantSpec spec, GraphAuth auth, Map<String, String> env, Options options) {
    return open(spec, auth, env, options, GraphHttpLog.DEFAULT);
  }

  /** As above, logging Graph traffic to {@code log} (tests capture it). */
  static GraphTenant open(
      LinksFile.TenantSpec spec,
      GraphAuth auth,
      Map<String, String> env,
      Options options,
      Logger log) {
    GraphSignIn.Endpoint endpoint = GraphSignIn.prepare(spec, auth, env);
    return new GraphTenant(
        new GraphClient(endpoint.base(), endpoint.authentication(), log),
        new GraphClient(betaBase(endpoint.base()), endpoint.authentication(), log),
        options);
  }

  /** The beta root beside a {@code …/v1.0} root. */
  static String betaBase(String base) {
    return base.replaceFirst("/v1\\.0$", "/beta");
  }

  /** The Graph root this tenant talks to, ending in {@code /v1.0}. */
  public String endpoint() {
    return graph.base();
  }

  /** The client underneath, for same-package helpers that send their own requests. */
  GraphClient client() {
    return graph;
  }

  @Override
  public Organization organization() {
    return reads.organization();
  }

  @Override
  public TenantSnapshot read(Collection<String> upns, Collection<String> immutableIds) {
    return reads.read(upns, immutableIds, null);
  }

  @Override
  public TenantSnapshot read(
      Collection<String> upns, Collection<String> immutableIds, Map<String, String> sidsBySam) {
    return reads.read(upns, immutableIds, sidsBySam);
  }

  @Override
  public TenantUsers listUsers() {
    return reads.listUsers();
  }

  @Override
  public Optional<CloudUser> user(String id) {
    return reads.user(id);
  }

  @Override
  public Optional<CloudUser> deletedUser(String id) {
    return reads.deletedUser(id);
  }

  @Override
  public Map<String, JsonNode> backups(Collection<String> ids, boolean deleted) {
    return backups.read(ids, deleted);
  }

  @Override
  public List<CloudUser> holders(String immutableId) {
    return reads.holders(immutableId);
  }

  @Override
  public String deleteUser(String id) {
    return writes.deleteUser(id);
  }

  @Override
  public String purgeDeletedUser(String id) {
    return writes.purgeDeletedUser(id);
  }

  @Override
  public String setImmutableId(String id, String immutableId) {
    return writes.setImmutableId(id, immutableId);
  }

  @Override
  public String restoreDeletedUser(String id) {
    return writes.restoreDeletedUser(id);
  }

  /**
   * Sends many independent writes in {@code $batch}es of up to 20, several in flight, paced to the
   * options' {@link WriteQuota}; throttled items (429/503/504) are retried honouring Retry-After.
   * Every write gets an outcome in the order given: a refused write does not stop the others.
   *
   * @throws HardmatchException only when a whole batch failed (e.g. Graph unreachable); outcomes of
   *     that call are then unknown and the caller re-reads state before resuming
   */
  @Override
  public List<WriteOutcome> writeBatch(List<WriteRequest> writes) {
    return this.writes.writeBatch(writes);
  }

  @Override
  public TakeoverWindow takeoverWindow() {
    return new GraphTakeover(graph).read();
  }

  @Override
  public TakeoverWindow setTakeoverBlocked(boolean blocked) {
    return new GraphTakeover(graph).set(blocked);
  }

  @Override
  public TenantDiagnosis diagnose(int sampleSize) {
    return new GraphDiagnosis(graph).run(sampleSize);
  }

  @Override
  public int requestCount() {
    return graph.requestCount() + beta.requestCount();
  }

  @Override
  public void close() {
    batches.close();
    betaBatches.close();
    graph.close();
    beta.close();
  }
}
