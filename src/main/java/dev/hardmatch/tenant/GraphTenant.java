package dev.hardmatch.tenant;

import com.azure.core.credential.TokenCredential;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.identity.AzureAuthorityHosts;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.DeviceCodeCredentialBuilder;
import com.microsoft.graph.core.authentication.AzureIdentityAuthenticationProvider;
import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.core.models.BatchRequestStep;
import com.microsoft.graph.core.requests.BaseGraphRequestAdapter;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.core.requests.options.GraphClientOption;
import com.microsoft.graph.models.AssignedLicense;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.OrganizationCollectionResponse;
import com.microsoft.graph.models.UnifiedRoleAssignment;
import com.microsoft.graph.models.UnifiedRoleAssignmentCollectionResponse;
import com.microsoft.graph.models.UnifiedRoleEligibilityScheduleInstance;
import com.microsoft.graph.models.UnifiedRoleEligibilityScheduleInstanceCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.HttpMethod;
import com.microsoft.kiota.NativeResponseHandler;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.AuthenticationProvider;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import com.microsoft.kiota.http.middleware.options.HeadersInspectionOption;
import com.microsoft.kiota.serialization.JsonParseNodeFactory;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.HardmatchException.Code;
import dev.hardmatch.net.Loopback;
import dev.hardmatch.spec.LinksFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The {@link Tenant} port on Microsoft Graph through the microsoft-graph 6.x SDK and
 * azure-identity.
 *
 * <p>Reads go in bulk (DESIGN §10): UPN and anchor lookups as {@code in} filters of 15 values,
 * packed 20 to a {@code $batch}, several batches in flight; the recycle bin and role assignments
 * are listed once. Throttled batch items (429/503/504 inside a 200) are retried here, honouring
 * their Retry-After; the SDK's retry handler does the same for whole requests. Writes can be
 * batched too ({@link #writeBatch}), paced to a {@link WriteQuota}.
 *
 * <p>The Graph client is built on first use: commands that never talk to Graph pay nothing.
 */
public final class GraphTenant implements Tenant {

  /** The sandbox's static bearer token; honoured for loopback endpoints only. */
  public static final String TOKEN_ENV = "HARDMATCH_GRAPH_TOKEN";

  static final int MAX_BATCH_STEPS = 20;

  /** How often a batch is sent when the connection drops before its answer. */
  static final int TRANSPORT_ATTEMPTS = 3;

  /** Every user property hardmatch reads; onPremisesImmutableId only comes back when selected. */
  static final String[] USER_SELECT = {
    "id",
    "userPrincipalName",
    "displayName",
    "givenName",
    "surname",
    "mail",
    "proxyAddresses",
    "accountEnabled",
    "onPremisesImmutableId",
    "onPremisesSyncEnabled",
    "assignedLicenses"
  };

  static final String[] DELETED_USER_SELECT = append(USER_SELECT, "deletedDateTime");

  /**
   * Tuning for bulk work.
   *
   * @param concurrency batches in flight at once
   * @param maxItemAttempts how often one throttled batch item is sent before it counts as failed
   * @param writeQuota pacing for {@link #writeBatch}
   * @param progress told after every batch and before every throttled wait
   */
  public record Options(
      int concurrency, int maxItemAttempts, WriteQuota writeQuota, GraphProgress progress) {
    public Options {
      if (concurrency < 1 || maxItemAttempts < 1 || writeQuota == null || progress == null) {
        throw new IllegalArgumentException("concurrency and attempts must be >= 1, quota set");
      }
    }

    public static Options defaults() {
      return new Options(4, 8, WriteQuota.GRAPH_DEFAULT, GraphProgress.NONE);
    }

    public Options withConcurrency(int n) {
      return new Options(n, maxItemAttempts, writeQuota, progress);
    }

    public Options withMaxItemAttempts(int n) {
      return new Options(concurrency, n, writeQuota, progress);
    }

    public Options withWriteQuota(WriteQuota quota) {
      return new Options(concurrency, maxItemAttempts, quota, progress);
    }

    public Options withProgress(GraphProgress listener) {
      return new Options(concurrency, maxItemAttempts, writeQuota, listener);
    }
  }

  private final String graphBase;
  private final Supplier<AuthenticationProvider> authentication;
  private final Options options;
  private final AtomicInteger requests = new AtomicInteger();

  private volatile GraphServiceClient client;
  private OkHttpClient http;
  private BaseGraphRequestAdapter adapter;
  private ExecutorService pool;
  private volatile Organization organization;

  private GraphTenant(
      String graphBase, Supplier<AuthenticationProvider> authentication, Options options) {
    this.graphBase = graphBase;
    this.authentication = authentication;
    this.options = options;
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
    String base = normaliseBase(spec.graph());
    URI uri = URI.create(base);
    String host = uri.getHost();
    boolean loopback = Loopback.isHost(host);
    String token = env.get(TOKEN_ENV);
    Supplier<AuthenticationProvider> authentication;
    if (token != null && !token.isEmpty()) {
      if (!loopback) {
        throw new HardmatchException(
            Code.USAGE,
            TOKEN_ENV
                + " is set, but tenant.graph ("
                + base
                + ") is not a loopback endpoint: a static token is accepted only for the local"
                + " sandbox, because it would bypass azure-identity (no sign-in, no expiry, no"
                + " refresh)",
            "unset "
                + TOKEN_ENV
                + " and sign in through azure-identity (environment variables, workload identity,"
                + " managed identity, 'az login') or use --auth device-code");
      }
      authentication =
          () -> new BaseBearerTokenAuthenticationProvider(new StaticToken(token, host));
    } else {
      if (!loopback && !"https".equals(uri.getScheme())) {
        throw new HardmatchException(
            Code.USAGE,
            "tenant.graph (" + base + ") must use https",
            "use an https:// endpoint; plain http is only for a loopback sandbox");
      }
      String tenantId = spec.id();
      authentication =
          () ->
              new AzureIdentityAuthenticationProvider(
                  credential(auth, tenantId, host, env), new String[] {host}, scope(host));
    }
    return new GraphTenant(base, authentication, options);
  }

  /** The Graph root this tenant talks to, ending in {@code /v1.0}. */
  public String endpoint() {
    return graphBase;
  }

  // ---------------------------------------------------------------- reads

  @Override
  public Organization organization() {
    Organization known = organization;
    if (known != null) {
      return known;
    }
    OrganizationCollectionResponse answer =
        call("reading the organization", () -> client().organization().get());
    organization = toOrganization(answer);
    return organization;
  }

  @Override
  public TenantSnapshot read(Collection<String> upns, Collection<String> immutableIds) {
    GraphServiceClient graph = client();
    List<Step> steps = new ArrayList<>();

    Organization[] org = {organization};
    if (org[0] == null) {
      steps.add(
          new Step(
              "reading the organization",
              graph.organization().toGetRequestInformation(),
              r -> {
                org[0] =
                    toOrganization(
                        parse(r, OrganizationCollectionResponse::createFromDiscriminatorValue));
                return null;
              }));
    }

    List<RoleAssignment> roles = new ArrayList<>();
    steps.add(
        new Step(
            "listing directory role assignments",
            graph.roleManagement().directory().roleAssignments().toGetRequestInformation(),
            r -> {
              UnifiedRoleAssignmentCollectionResponse page =
                  parse(r, UnifiedRoleAssignmentCollectionResponse::createFromDiscriminatorValue);
              for (UnifiedRoleAssignment a : nonNull(page.getValue())) {
                roles.add(
                    new RoleAssignment(
                        a.getPrincipalId(), a.getRoleDefinitionId(), a.getDirectoryScopeId()));
              }
              return page.getOdataNextLink();
            }));

    List<RoleAssignment> eligible = new ArrayList<>();
    boolean[] eligibilityForbidden = {false};
    steps.add(
        new Step(
            "listing eligible directory roles",
            graph
                .roleManagement()
                .directory()
                .roleEligibilityScheduleInstances()
                .toGetRequestInformation(),
            r -> {
              UnifiedRoleEligibilityScheduleInstanceCollectionResponse page =
                  parse(
                      r,
                      UnifiedRoleEligibilityScheduleInstanceCollectionResponse
                          ::createFromDiscriminatorValue);
              for (UnifiedRoleEligibilityScheduleInstance e : nonNull(page.getValue())) {
                eligible.add(
                    new RoleAssignment(
                        e.getPrincipalId(), e.getRoleDefinitionId(), e.getDirectoryScopeId()));
              }
              return page.getOdataNextLink();
            },
            // Without RoleEligibilitySchedule.Read.Directory Graph answers 403: the planner
            // warns instead of guessing, so this is not a failure.
            r -> {
              if (r.status() == 403) {
                eligibilityForbidden[0] = true;
                return true;
              }
              return false;
            }));

    List<CloudUser> deleted = new ArrayList<>();
    steps.add(
        new Step(
            "listing the recycle bin",
            graph
                .directory()
                .deletedItems()
                .graphUser()
                .toGetRequestInformation(
                    c -> {
                      c.queryParameters.select = DELETED_USER_SELECT;
                      c.queryParameters.top = 999;
                    }),
            r -> {
              UserCollectionResponse page =
                  parse(r, UserCollectionResponse::createFromDiscriminatorValue);
              for (User u : nonNull(page.getValue())) {
                deleted.add(toCloudUser(u));
              }
              return page.getOdataNextLink();
            }));

    // Targets by UPN: case-insensitive in Graph, so de-duplicate ignoring case.
    Map<String, String> wantedUpns = new LinkedHashMap<>();
    for (String upn : upns) {
      if (upn != null && !upn.isBlank()) {
        wantedUpns.putIfAbsent(upn.toLowerCase(Locale.ROOT), upn);
      }
    }
    Map<String, CloudUser> usersByUpn = new HashMap<>();
    for (List<String> chunk : OData.chunks(wantedUpns.values(), OData.MAX_IN_VALUES)) {
      String filter = OData.in("userPrincipalName", chunk);
      steps.add(
          new Step(
              "looking up users by userPrincipalName",
              graph
                  .users()
                  .toGetRequestInformation(
                      c -> {
                        c.queryParameters.filter = filter;
                        c.queryParameters.select = USER_SELECT;
                        c.queryParameters.top = 999;
                      }),
              r -> {
                UserCollectionResponse page =
                    parse(r, UserCollectionResponse::createFromDiscriminatorValue);
                for (User u : nonNull(page.getValue())) {
                  if (u.getUserPrincipalName() != null) {
                    usersByUpn.put(
                        u.getUserPrincipalName().toLowerCase(Locale.ROOT), toCloudUser(u));
                  }
                }
                return page.getOdataNextLink();
              }));
    }

    // Anchor holders: anchors are case-sensitive, Graph's filter may not be; keep exact matches.
    Set<String> wantedAnchors = new LinkedHashSet<>();
    for (String anchor : immutableIds) {
      if (anchor != null && !anchor.isEmpty()) {
        wantedAnchors.add(anchor);
      }
    }
    Map<String, Map<String, CloudUser>> holders = new HashMap<>();
    for (List<String> chunk : OData.chunks(wantedAnchors, OData.MAX_IN_VALUES)) {
      String filter = OData.in("onPremisesImmutableId", chunk);
      steps.add(
          new Step(
              "looking up users by onPremisesImmutableId",
              holdersRequest(graph, filter),
              r -> {
                UserCollectionResponse page =
                    parse(r, UserCollectionResponse::createFromDiscriminatorValue);
                for (User u : nonNull(page.getValue())) {
                  String anchor = u.getOnPremisesImmutableId();
                  if (anchor != null && wantedAnchors.contains(anchor)) {
                    holders
                        .computeIfAbsent(anchor, k -> new LinkedHashMap<>())
                        .put(u.getId(), toCloudUser(u));
                  }
                }
                return page.getOdataNextLink();
              }));
    }

    runSteps(steps, null);

    if (org[0] != null) {
      organization = org[0];
    }
    Map<String, List<CloudUser>> holdersByAnchor = new HashMap<>();
    holders.forEach((anchor, byId) -> holdersByAnchor.put(anchor, List.copyOf(byId.values())));
    return new TenantSnapshot(
        org[0],
        Collections.unmodifiableMap(usersByUpn),
        Collections.unmodifiableMap(holdersByAnchor),
        List.copyOf(deleted),
        List.copyOf(roles),
        eligibilityForbidden[0] ? null : List.copyOf(eligible));
  }

  @Override
  public Optional<CloudUser> user(String id) {
    try {
      User user = client().users().byUserId(id).get(c -> c.queryParameters.select = USER_SELECT);
      return Optional.ofNullable(user).map(GraphTenant::toCloudUser);
    } catch (RuntimeException e) {
      if (status(e) == 404) {
        return Optional.empty();
      }
      throw GraphErrors.fromException("reading user " + id, graphBase, e);
    }
  }

  @Override
  public Optional<CloudUser> deletedUser(String id) {
    try {
      DirectoryObject object =
          client()
              .directory()
              .deletedItems()
              .byDirectoryObjectId(id)
              .get(c -> c.queryParameters.select = DELETED_USER_SELECT);
      return object instanceof User ? Optional.of(toCloudUser((User) object)) : Optional.empty();
    } catch (RuntimeException e) {
      if (status(e) == 404) {
        return Optional.empty();
      }
      throw GraphErrors.fromException("reading deleted user " + id, graphBase, e);
    }
  }

  @Override
  public List<CloudUser> holders(String immutableId) {
    String what = "looking up users by onPremisesImmutableId";
    Map<String, CloudUser> found = new LinkedHashMap<>();
    GraphServiceClient graph = client();
    UserCollectionResponse page =
        call(
            what,
            () ->
                graph
                    .users()
                    .get(
                        c -> {
                          c.queryParameters.filter = OData.eq("onPremisesImmutableId", immutableId);
                          c.queryParameters.select = USER_SELECT;
                          c.queryParameters.count = true;
                          c.queryParameters.top = 999;
                          c.headers.add("ConsistencyLevel", "eventual");
                        }));
    while (page != null) {
      for (User u : nonNull(page.getValue())) {
        if (immutableId.equals(u.getOnPremisesImmutableId())) {
          found.put(u.getId(), toCloudUser(u));
        }
      }
      String next = page.getOdataNextLink();
      page =
          next == null
              ? null
              : call(
                  what,
                  () ->
                      graph
                          .users()
                          .withUrl(next)
                          .get(c -> c.headers.add("ConsistencyLevel", "eventual")));
    }
    return List.copyOf(found.values());
  }

  /**
   * The same snapshot as {@link #read}, the naive way: one request per UPN, per anchor and per
   * page, one at a time. Only for the benchmark's comparison; never use it for real work.
   */
  public TenantSnapshot readOneByOne(Collection<String> upns, Collection<String> immutableIds) {
    GraphServiceClient graph = client();
    Organization org = organization();
    Map<String, CloudUser> usersByUpn = new HashMap<>();
    for (String upn : upns) {
      UserCollectionResponse page =
          call(
              "looking up user " + upn,
              () ->
                  graph
                      .users()
                      .get(
                          c -> {
                            c.queryParameters.filter = OData.eq("userPrincipalName", upn);
                            c.queryParameters.select = USER_SELECT;
                          }));
      for (User u : nonNull(page.getValue())) {
        usersByUpn.put(u.getUserPrincipalName().toLowerCase(Locale.ROOT), toCloudUser(u));
      }
    }
    Map<String, List<CloudUser>> holdersByAnchor = new HashMap<>();
    for (String anchor : new LinkedHashSet<>(immutableIds)) {
      List<CloudUser> holders = holders(anchor);
      if (!holders.isEmpty()) {
        holdersByAnchor.put(anchor, holders);
      }
    }
    List<CloudUser> deleted = new ArrayList<>();
    UserCollectionResponse bin =
        call(
            "listing the recycle bin",
            () ->
                graph
                    .directory()
                    .deletedItems()
                    .graphUser()
                    .get(
                        c -> {
                          c.queryParameters.select = DELETED_USER_SELECT;
                          c.queryParameters.top = 999;
                        }));
    while (bin != null) {
      nonNull(bin.getValue()).forEach(u -> deleted.add(toCloudUser(u)));
      String next = bin.getOdataNextLink();
      bin =
          next == null
              ? null
              : call(
                  "listing the recycle bin",
                  () -> graph.directory().deletedItems().graphUser().withUrl(next).get());
    }
    List<RoleAssignment> roles = new ArrayList<>();
    UnifiedRoleAssignmentCollectionResponse assignments =
        call(
            "listing directory role assignments",
            () -> graph.roleManagement().directory().roleAssignments().get());
    while (assignments != null) {
      for (UnifiedRoleAssignment a : nonNull(assignments.getValue())) {
        roles.add(
            new RoleAssignment(
                a.getPrincipalId(), a.getRoleDefinitionId(), a.getDirectoryScopeId()));
      }
      String next = assignments.getOdataNextLink();
      assignments =
          next == null
              ? null
              : call(
                  "listing directory role assignments",
                  () -> graph.roleManagement().directory().roleAssignments().withUrl(next).get());
    }
    List<RoleAssignment> eligible = new ArrayList<>();
    try {
      UnifiedRoleEligibilityScheduleInstanceCollectionResponse page =
          graph.roleManagement().directory().roleEligibilityScheduleInstances().get();
      while (page != null) {
        for (UnifiedRoleEligibilityScheduleInstance e : nonNull(page.getValue())) {
          eligible.add(
              new RoleAssignment(
                  e.getPrincipalId(), e.getRoleDefinitionId(), e.getDirectoryScopeId()));
        }
        String next = page.getOdataNextLink();
        page =
            next == null
                ? null
                : graph
                    .roleManagement()
                    .directory()
                    .roleEligibilityScheduleInstances()
                    .withUrl(next)
                    .get();
      }
    } catch (RuntimeException e) {
      if (status(e) != 403) {
        throw GraphErrors.fromException("listing eligible directory roles", graphBase, e);
      }
      eligible = null;
    }
    return new TenantSnapshot(
        org,
        Collections.unmodifiableMap(usersByUpn),
        Collections.unmodifiableMap(holdersByAnchor),
        List.copyOf(deleted),
        List.copyOf(roles),
        eligible == null ? null : List.copyOf(eligible));
  }

  /** Writes one request at a time: the benchmark's naive baseline for {@link #writeBatch}. */
  public List<WriteOutcome> writeOneByOne(List<WriteRequest> writes) {
    return Tenant.super.writeBatch(writes);
  }

  // ---------------------------------------------------------------- writes

  @Override
  public String deleteUser(String id) {
    HeadersInspectionOption headers = new HeadersInspectionOption(false, true);
    call(
        "deleting user " + id,
        () -> {
          client().users().byUserId(id).delete(c -> c.options.add(headers));
          return null;
        });
    return GraphErrors.header(headers.getResponseHeaders(), "request-id");
  }

  @Override
  public String purgeDeletedUser(String id) {
    HeadersInspectionOption headers = new HeadersInspectionOption(false, true);
    call(
        "purging deleted user " + id,
        () -> {
          client()
              .directory()
              .deletedItems()
              .byDirectoryObjectId(id)
              .delete(c -> c.options.add(headers));
          return null;
        });
    return GraphErrors.header(headers.getResponseHeaders(), "request-id");
  }

  @Override
  public String setImmutableId(String id, String immutableId) {
    HeadersInspectionOption headers = new HeadersInspectionOption(false, true);
    call(
        "setting onPremisesImmutableId of user " + id,
        () ->
            client()
                .users()
                .byUserId(id)
                .patch(anchorPatch(immutableId), c -> c.options.add(headers)));
    return GraphErrors.header(headers.getResponseHeaders(), "request-id");
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
    GraphServiceClient graph = client();
    WriteOutcome[] outcomes = new WriteOutcome[writes.size()];
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < writes.size(); i++) {
      int index = i;
      WriteRequest write = writes.get(i);
      steps.add(
          new Step(
              write.describe(),
              writeRequest(graph, write),
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
    runSteps(steps, options.writeQuota());
    return List.of(outcomes);
  }

  @Override
  public int requestCount() {
    return requests.get();
  }

  @Override
  public synchronized void close() {
    if (pool != null) {
      pool.shutdownNow();
      pool = null;
    }
    if (http != null) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  // ---------------------------------------------------------------- the batch engine

  /** One request of a batch, with what to do with its answer. */
  private static final class Step {
    final String what;
    final RequestInformation request;
    final Function<StepResult, String> onSuccess; // returns the nextLink to follow, or null
    final Predicate<StepResult> onFailure; // true: handled, not an error
    int attempts;

    Step(String what, RequestInformation request, Function<StepResult, String> onSuccess) {
      this(what, request, onSuccess, r -> false);
    }

    Step(
        String what,
        RequestInformation request,
        Function<StepResult, String> onSuccess,
        Predicate<StepResult> onFailure) {
      this.what = what;
      this.request = request;
      this.onSuccess = onSuccess;
      this.onFailure = onFailure;
    }

    /** The same step for the next page: same headers, the nextLink exactly as returned. */
    Step follow(String nextLink) {
      RequestInformation next = new RequestInformation();
      next.httpMethod = HttpMethod.GET;
      next.setUri(URI.create(nextLink));
      request.headers.forEach((name, values) -> values.forEach(v -> next.headers.add(name, v)));
      return new Step(what, next, onSuccess, onFailure);
    }
  }

  /** A batch step's answer. {@code requestId}: the step's own, else the whole batch's. */
  record StepResult(int status, byte[] body, String requestId, String retryAfter) {}

  /**
   * Runs steps in rounds: each round packs the pending steps 20 to a batch and sends the batches
   * with bounded concurrency; throttled steps and next pages go into the next round, which starts
   * after the longest Retry-After seen.
   */
  private void runSteps(List<Step> initial, WriteQuota quota) {
    int batchSize = quota == null ? MAX_BATCH_STEPS : Math.min(MAX_BATCH_STEPS, quota.writes());
    List<Step> pending = new ArrayList<>(initial);
    int done = 0;
    int total = initial.size();
    options.progress().begin(quota != null, total);
    while (!pending.isEmpty()) {
      List<List<Step>> batches = OData.chunks(pending, batchSize);
      List<Future<Map<String, StepResult>>> futures = new ArrayList<>();
      for (List<Step> batch : batches) {
        futures.add(
            pool()
                .submit(
                    () -> {
                      if (quota == null) {
                        return sendBatchSurvivingDrops(batch);
                      }
                      WriteQuota.Permit permit = quota.acquire(batch.size());
                      try {
                        return sendBatchSurvivingDrops(batch);
                      } finally {
                        quota.settle(permit);
                      }
                    }));
      }
      List<Step> next = new ArrayList<>();
      long waitMillis = 0;
      int retried = 0;
      RuntimeException failure = null;
      for (int b = 0; b < batches.size(); b++) {
        Map<String, StepResult> results;
        try {
          results = futures.get(b).get();
        } catch (ExecutionException e) {
          failure =
              failure != null
                  ? failure
                  : GraphErrors.fromException("sending a batch", graphBase, e.getCause());
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw interrupted();
        }
        List<Step> batch = batches.get(b);
        for (int i = 0; i < batch.size(); i++) {
          Step step = batch.get(i);
          StepResult result = results.get(stepId(i));
          if (result == null) {
            result = new StepResult(502, null, null, null); // Graph answered the batch without it
          }
          try {
            if (BatchResponseContent.isSuccessStatusCode(result.status())) {
              done++;
              String nextLink = step.onSuccess.apply(result);
              if (nextLink != null) {
                next.add(step.follow(nextLink));
                total++;
              }
            } else if (retryable(result.status())
                && step.attempts + 1 < options.maxItemAttempts()) {
              step.attempts++;
              retried++;
              next.add(step);
              waitMillis =
                  Math.max(waitMillis, retryAfterMillis(result.retryAfter(), step.attempts));
            } else if (step.onFailure.test(result)) {
              done++;
            } else {
              if (failure == null) {
                failure =
                    GraphErrors.fromStep(
                        step.what, result.status(), result.body(), result.requestId());
              }
            }
          } catch (RuntimeException e) {
            if (failure == null) {
              failure = GraphErrors.fromException(step.what, graphBase, e);
            }
          }
        }
        options.progress().stepsDone(done, total);
      }
      if (failure != null) {
        throw failure;
      }
      if (!next.isEmpty() && waitMillis > 0) {
        options.progress().throttled(retried, waitMillis);
        try {
          Thread.sleep(waitMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw interrupted();
        }
      }
      pending = next;
    }
  }

  /**
   * Sends a batch again when the connection dropped before an answer came, or when Graph still
   * answered the whole batch with 429/503/504 after the SDK's own retries. Safe for hardmatch's
   * steps: reads are idempotent, and a repeated write either finds its end state (a delete or purge
   * answers 404, which callers treat as done) or sets the same value again.
   */
  private Map<String, StepResult> sendBatchSurvivingDrops(List<Step> batch)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return sendBatch(batch);
      } catch (BatchUnavailable e) {
        if (attempt >= TRANSPORT_ATTEMPTS) {
          throw e.error;
        }
        Thread.sleep(retryAfterMillis(e.retryAfter, attempt));
      } catch (IOException | RuntimeException e) {
        if (attempt >= TRANSPORT_ATTEMPTS || !transportFailure(e)) {
          throw e;
        }
        Thread.sleep(retryAfterMillis(null, attempt));
      }
    }
  }

  /** The whole batch was throttled or unavailable (after the SDK's retries). */
  private static final class BatchUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient HardmatchException error;
    final String retryAfter;

    BatchUnavailable(HardmatchException error, String retryAfter) {
      super(error.getMessage(), null, false, false);
      this.error = error;
      this.retryAfter = retryAfter;
    }
  }

  private static boolean transportFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return !(t instanceof java.net.ConnectException); // nothing listens: retrying won't help
      }
    }
    return false;
  }

  /** POSTs one {@code $batch} through the SDK and returns each step's answer by step id. */
  private Map<String, StepResult> sendBatch(List<Step> batch) throws IOException {
    BaseGraphRequestAdapter graphAdapter = adapter;
    BatchRequestContent content = new BatchRequestContent(graphAdapter, new ArrayList<>());
    for (int i = 0; i < batch.size(); i++) {
      Request request = graphAdapter.convertToNativeRequest(batch.get(i).request);
      content.addBatchRequestStep(new BatchRequestStep(stepId(i), request));
    }
    RequestInformation post = client.getBatchRequestBuilder().toPostRequestInformation(content);
    NativeResponseHandler handler = new NativeResponseHandler();
    post.setResponseHandler(handler);
    graphAdapter.sendPrimitive(post, null, InputStream.class);
    try (Response response = (Response) handler.getValue()) {
      String batchRequestId = response.header("request-id");
      if (!response.isSuccessful()) {
        ResponseBody body = response.body();
        HardmatchException error =
            GraphErrors.fromStep(
                "a batch of " + batch.get(0).what,
                response.code(),
                body == null ? null : body.bytes(),
                batchRequestId);
        if (retryable(response.code())) {
          throw new BatchUnavailable(error, response.header("Retry-After"));
        }
        throw error;
      }
      Map<String, StepResult> results = new HashMap<>();
      for (Map.Entry<String, Response> entry :
          new BatchResponseContent(response).getResponses().entrySet()) {
        Response step = entry.getValue();
        ResponseBody body = step.body();
        String stepRequestId = step.header("request-id");
        results.put(
            entry.getKey(),
            new StepResult(
                step.code(),
                body == null ? null : body.bytes(),
                stepRequestId != null ? stepRequestId : batchRequestId,
                step.header("Retry-After")));
      }
      return results;
    }
  }

  private static String stepId(int index) {
    return Integer.toString(index + 1);
  }

  private static boolean retryable(int status) {
    return status == 429 || status == 503 || status == 504;
  }

  /** Retry-After in seconds as Graph sends it; without one, back off exponentially. */
  static long retryAfterMillis(String retryAfter, int attempt) {
    if (retryAfter != null) {
      try {
        long seconds = Long.parseLong(retryAfter.strip());
        return Math.max(0, Math.min(seconds, 300)) * 1000;
      } catch (NumberFormatException notSeconds) {
        // an HTTP date: fall through to the back-off
      }
    }
    return Math.min(1000L << Math.min(attempt - 1, 5), 30_000L);
  }

  private static HardmatchException interrupted() {
    return new HardmatchException(Code.GRAPH, "interrupted while waiting for Graph", null);
  }

  private synchronized ExecutorService pool() {
    if (pool == null) {
      AtomicInteger n = new AtomicInteger();
      pool =
          Executors.newFixedThreadPool(
              options.concurrency(),
              r -> {
                Thread t = new Thread(r, "hardmatch-graph-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
    return pool;
  }

  // ---------------------------------------------------------------- requests

  private static RequestInformation holdersRequest(GraphServiceClient graph, String filter) {
    // Filtering on onPremisesImmutableId is an advanced query: ConsistencyLevel + $count.
    return graph
        .users()
        .toGetRequestInformation(
            c -> {
              c.queryParameters.filter = filter;
              c.queryParameters.select = USER_SELECT;
              c.queryParameters.count = true;
              c.queryParameters.top = 999;
              c.headers.add("ConsistencyLevel", "eventual");
            });
  }

  private static RequestInformation writeRequest(GraphServiceClient graph, WriteRequest write) {
    switch (write.type()) {
      case DELETE_USER:
        return graph.users().byUserId(write.objectId()).toDeleteRequestInformation();
      case PURGE_DELETED_USER:
        return graph
            .directory()
            .deletedItems()
            .byDirectoryObjectId(write.objectId())
            .toDeleteRequestInformation();
      default:
        return graph
            .users()
            .byUserId(write.objectId())
            .toPatchRequestInformation(anchorPatch(write.immutableId()));
    }
  }

  /** A PATCH body carrying onPremisesImmutableId (and the SDK's own "@odata.type"). */
  private static User anchorPatch(String immutableId) {
    User patch = new User();
    patch.setOnPremisesImmutableId(immutableId);
    return patch;
  }

  private <T> T call(String what, Supplier<T> request) {
    try {
      return request.get();
    } catch (RuntimeException e) {
      throw GraphErrors.fromException(what, graphBase, e);
    }
  }

  private static int status(RuntimeException e) {
    return e instanceof com.microsoft.kiota.ApiException
        ? ((com.microsoft.kiota.ApiException) e).getResponseStatusCode()
        : -1;
  }

  private static <T extends Parsable> T parse(StepResult result, ParsableFactory<T> factory) {
    byte[] body =
        result.body() == null
            ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)
            : result.body();
    T value =
        new JsonParseNodeFactory()
            .getParseNode("application/json", new ByteArrayInputStream(body))
            .getObjectValue(factory);
    if (value == null) {
      throw new IllegalStateException("Graph returned an empty body");
    }
    return value;
  }

  // ---------------------------------------------------------------- client

  /** Builds the SDK client on first use (costs a few hundred milliseconds of start-up). */
  private GraphServiceClient client() {
    GraphServiceClient built = client;
    if (built != null) {
      return built;
    }
    synchronized (this) {
      if (client == null) {
        AuthenticationProvider auth;
        try {
          auth = authentication.get();
        } catch (RuntimeException e) {
          throw GraphErrors.fromException("preparing the Graph sign-in", graphBase, e);
        }
        // The SDK's default middleware (retry honouring Retry-After, redirects, …) plus a
        // counter: it sits after the retry handler, so every HTTP request sent is counted.
        // Not create(option, interceptors…): in this SDK version that overload drops the default
        // handlers (retry, headers inspection) and keeps only the ones given.
        http =
            GraphClientFactory.create(new GraphClientOption())
                .addInterceptor(new RequestCounter(requests))
                .build();
        // The base goes in the constructor: setting it afterwards leaves request URIs wrong.
        adapter = new BaseGraphRequestAdapter(auth, graphBase, http);
        client = new GraphServiceClient(adapter);
      }
      return client;
    }
  }

  /** The token scope for a Graph host: national clouds have their own resource. */
  static String scope(String host) {
    return "https://" + host + "/.default";
  }

  static TokenCredential credential(
      GraphAuth auth, String tenantId, String host, Map<String, String> env) {
    // azure-identity reads its settings (AZURE_CLIENT_ID, …) from this injected environment.
    Configuration configuration =
        new ConfigurationBuilder(source -> Map.of(), source -> Map.of(), source -> env).build();
    String authority = authorityHost(host);
    if (auth.kind() == GraphAuth.Kind.DEVICE_CODE) {
      DeviceCodeCredentialBuilder builder =
          new DeviceCodeCredentialBuilder()
              .tenantId(tenantId)
              .configuration(configuration)
              .challengeConsumer(challenge -> auth.prompt().accept(challenge.getMessage()));
      if (env.get("AZURE_CLIENT_ID") != null) {
        builder.clientId(env.get("AZURE_CLIENT_ID"));
      }
      if (authority != null) {
        builder.authorityHost(authority);
      }
      return builder.build();
    }
    DefaultAzureCredentialBuilder builder =
        new DefaultAzureCredentialBuilder().tenantId(tenantId).configuration(configuration);
    if (authority != null) {
      builder.authorityHost(authority);
    }
    return builder.build();
  }

  /** The sign-in authority of a national cloud's Graph host; null: azure-identity's default. */
  static String authorityHost(String graphHost) {
    switch (graphHost.toLowerCase(Locale.ROOT)) {
      case "graph.microsoft.us":
      case "dod-graph.microsoft.us":
        return AzureAuthorityHosts.AZURE_GOVERNMENT;
      case "microsoftgraph.chinacloudapi.cn":
        return AzureAuthorityHosts.AZURE_CHINA;
      default:
        return null;
    }
  }

  /**
   * The endpoint from the links file, checked: an absolute http(s) URL whose path is exactly {@code
   * /v1.0} (the SDK cuts batch step URLs relative to it).
   */
  static String normaliseBase(String graph) {
    String base =
        graph == null || graph.isBlank() ? LinksFile.TenantSpec.DEFAULT_GRAPH : graph.strip();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    try {
      URI uri = new URI(base);
      if (uri.getHost() == null
          || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || !"/v1.0".equals(uri.getPath())
          || uri.getQuery() != null) {
        throw new URISyntaxException(base, "not a Graph root");
      }
    } catch (URISyntaxException e) {
      throw new HardmatchException(
          Code.USAGE,
          "tenant.graph '" + base + "' is not a Graph v1.0 endpoint",
          "use the Graph root of your cloud ending in /v1.0, e.g. "
              + LinksFile.TenantSpec.DEFAULT_GRAPH
              + " or https://graph.microsoft.us/v1.0");
    }
    return base;
  }

  // ---------------------------------------------------------------- mapping

  static CloudUser toCloudUser(User u) {
    List<String> licenses = new ArrayList<>();
    for (AssignedLicense license : nonNull(u.getAssignedLicenses())) {
      if (license != null && license.getSkuId() != null) {
        licenses.add(license.getSkuId().toString());
      }
    }
    return new CloudUser(
        u.getId(),
        u.getUserPrincipalName(),
        u.getDisplayName(),
        u.getGivenName(),
        u.getSurname(),
        u.getMail(),
        List.copyOf(nonNull(u.getProxyAddresses())),
        u.getAccountEnabled(),
        u.getOnPremisesImmutableId(),
        u.getOnPremisesSyncEnabled(),
        List.copyOf(licenses),
        u.getDeletedDateTime() == null
            ? null
            : DateTimeFormatter.ISO_INSTANT.format(u.getDeletedDateTime()));
  }

  private static Organization toOrganization(OrganizationCollectionResponse answer) {
    List<com.microsoft.graph.models.Organization> orgs = nonNull(answer.getValue());
    if (orgs.isEmpty()) {
      throw new HardmatchException(Code.GRAPH, "Graph returned no organization", null);
    }
    com.microsoft.graph.models.Organization org = orgs.get(0);
    List<Organization.VerifiedDomain> domains = new ArrayList<>();
    for (com.microsoft.graph.models.VerifiedDomain d : nonNull(org.getVerifiedDomains())) {
      domains.add(
          new Organization.VerifiedDomain(
              d.getName(),
              Boolean.TRUE.equals(d.getIsDefault()),
              Boolean.TRUE.equals(d.getIsInitial())));
    }
    return new Organization(org.getId(), org.getDisplayName(), List.copyOf(domains));
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String[] append(String[] values, String extra) {
    String[] out = java.util.Arrays.copyOf(values, values.length + 1);
    out[values.length] = extra;
    return out;
  }

  /** Counts every HTTP request that leaves the client (retries included). */
  private static final class RequestCounter implements Interceptor {
    private final AtomicInteger count;

    RequestCounter(AtomicInteger count) {
      this.count = count;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      count.incrementAndGet();
      return chain.proceed(chain.request());
    }
  }

  /** The sandbox's static token, sent to its one loopback host only. Never logged. */
  private static final class StaticToken implements AccessTokenProvider {
    private final String token;
    private final AllowedHostsValidator hosts;

    StaticToken(String token, String host) {
      this.token = token;
      this.hosts = new AllowedHostsValidator(host);
    }

    @Override
    public String getAuthorizationToken(URI uri, Map<String, Object> context) {
      return hosts.isUrlHostValid(uri) ? token : "";
    }

    @Override
    public AllowedHostsValidator getAllowedHostsValidator() {
      return hosts;
    }

    @Override
    public String toString() {
      return "StaticToken[redacted]";
    }
  }
}
