package dev.hardmatch.sandbox.graph;

import com.unboundid.ldap.sdk.LDAPInterface;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.HardmatchException.Code;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * How a {@link TenantEmulator} behaves. Build with {@link #builder()}; the defaults are: any free
 * port, a random token, no latency, no throttling, no faults, seed 0, no sync source.
 *
 * @param port TCP port on 127.0.0.1; 0 = any free port
 * @param token the bearer token every request must carry
 * @param latencyMs delay added to every HTTP request on /v1.0 (a {@code $batch} is one request)
 * @param throttle token-bucket limits, see {@link ThrottleSpec}
 * @param faultRate probability (0..1) that an HTTP request on /v1.0 gets 503, 504 or a dropped
 *     connection instead of its answer
 * @param loseResponses probability (0..1) that a write (PATCH, DELETE or POST on /v1.0, or a {@code
 *     $batch} holding one) is carried out and then its response lost: the connection is closed
 *     without an answer, so the client cannot know whether the write happened
 * @param seed makes fault injection deterministic: the n-th request of two runs with the same seed
 *     meets the same fate
 * @param syncSource the directory {@code POST /_sandbox/sync} reads (e.g. the embedded AD); null =
 *     sync unavailable
 * @param syncBaseDn where the sync reads users below
 * @param refuseSyncedDeletes when true, {@code DELETE /users/{id}} of a synced user is refused the
 *     way Graph refuses other writes to on-premises mastered objects (Graph's behaviour here is
 *     unconfirmed; callers must cope with either)
 * @param forbidEligibilities when true, listing role eligibilities answers 403 as Graph does for an
 *     app without RoleEligibilitySchedule.Read.Directory
 * @param extraStats more counters for {@code GET /_sandbox/stats} from outside the emulator (the
 *     sandbox adds its embedded AD's LDAP searches); read on every request, never null
 * @param permissions the application permissions the token carries (default {@link
 *     Permissions#LEAST_PRIVILEGE}); an endpoint answers 403 when none of the permissions its
 *     documentation accepts is among them ({@link Permissions})
 * @param delegated when true the token is a delegated one of a signed-in Global Administrator:
 *     every endpoint is allowed, the delegated-only ones ({@code onPremisesSynchronization}) too
 * @param refusePatch userPrincipalNames (any case) whose every PATCH answers 403, standing for a
 *     refusal no read can predict
 * @param responseListener told of every Graph operation's answer (tests; null = nobody)
 * @param throttleClock the time in nanoseconds the throttle's buckets refill by; {@code
 *     System::nanoTime} unless a test drives it, so that what is throttled does not depend on how
 *     fast the machine runs
 * @param syncEvery the sync scheduler's interval ({@link SyncScheduler}); null = scheduler disabled
 *     until {@code POST /_sandbox/scheduler} enables it
 * @param syncClock the scheduler's clock (tests inject one they move); never null
 */
public record EmulatorOptions(
    int port,
    String token,
    long latencyMs,
    ThrottleSpec throttle,
    double faultRate,
    double loseResponses,
    long seed,
    LDAPInterface syncSource,
    String syncBaseDn,
    boolean refuseSyncedDeletes,
    boolean forbidEligibilities,
    Supplier<Map<String, Long>> extraStats,
    Set<String> permissions,
    boolean delegated,
    Set<String> refusePatch,
    Consumer<ServedResponse> responseListener,
    LongSupplier throttleClock,
    Duration syncEvery,
    Clock syncClock) {

  public EmulatorOptions {
    if (port < 0 || port > 65535) {
      throw usage("port " + port + " is out of range", "use 0 (any free port) to 65535");
    }
    if (token == null) {
      token = randomToken();
    } else if (token.isBlank() || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      throw usage("the token is empty or has spaces or control characters", "use printable ASCII");
    }
    if (latencyMs < 0) {
      throw usage("latency " + latencyMs + " ms is negative", "use 0 or more milliseconds");
    }
    if (throttle == null) {
      throttle = ThrottleSpec.NONE;
    }
    if (!(faultRate >= 0 && faultRate <= 1)) {
      throw usage("fault rate " + faultRate + " is not between 0 and 1", "use e.g. 0.05");
    }
    if (!(loseResponses >= 0 && loseResponses <= 1)) {
      throw usage(
          "lost-response rate " + loseResponses + " is not between 0 and 1", "use e.g. 0.05");
    }
    if (syncSource != null && (syncBaseDn == null || syncBaseDn.isBlank())) {
      throw usage("a sync source needs a base DN", "give the base DN the users live under");
    }
    if (extraStats == null) {
      extraStats = Map::of;
    }
    permissions =
        permissions == null ? Set.copyOf(Permissions.LEAST_PRIVILEGE) : Set.copyOf(permissions);
    Set<String> upns = new HashSet<>();
    if (refusePatch != null) {
      refusePatch.forEach(u -> upns.add(u.toLowerCase(Locale.ROOT)));
    }
    refusePatch = Set.copyOf(upns);
    if (throttleClock == null) {
      throttleClock = System::nanoTime;
    }
    if (syncEvery != null && (syncEvery.isNegative() || syncEvery.isZero())) {
      throw usage("sync interval " + syncEvery + " is not positive", "use e.g. 30m or 10s");
    }
    if (syncClock == null) {
      syncClock = Clock.systemUTC();
    }
  }

  /** Whether every PATCH of this user is refused ({@code --refuse-patch}). */
  boolean refusesPatchOf(String userPrincipalName) {
    return userPrincipalName != null
        && refusePatch.contains(userPrincipalName.toLowerCase(Locale.ROOT));
  }

  private static HardmatchException usage(String what, String fix) {
    return new HardmatchException(Code.USAGE, "invalid emulator option: " + what, fix);
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return "sandbox-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static EmulatorOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.port = port;
    b.token = token;
    b.latencyMs = latencyMs;
    b.throttle = throttle;
    b.faultRate = faultRate;
    b.loseResponses = loseResponses;
    b.seed = seed;
    b.syncSource = syncSource;
    b.syncBaseDn = syncBaseDn;
    b.refuseSyncedDeletes = refuseSyncedDeletes;
    b.forbidEligibilities = forbidEligibilities;
    b.extraStats = extraStats;
    b.permissions = permissions;
    b.delegated = delegated;
    b.refusePatch = refusePatch;
    b.responseListener = responseListener;
    b.throttleClock = throttleClock;
    b.syncEvery = syncEvery;
    b.syncClock = syncClock;
    return b;
  }

  /** Builder with the defaults described on {@link EmulatorOptions}. */
  public static final class Builder {
    private int port;
    private String token;
    private long latencyMs;
    private ThrottleSpec throttle = ThrottleSpec.NONE;
    private double faultRate;
    private double loseResponses;
    private long seed;
    private LDAPInterface syncSource;
    private String syncBaseDn;
    private boolean refuseSyncedDeletes;
    private boolean forbidEligibilities;
    private Supplier<Map<String, Long>> extraStats;
    private Set<String> permissions;
    private boolean delegated;
    private Set<String> refusePatch;
    private Consumer<ServedResponse> responseListener;
    private LongSupplier throttleClock;
    private Duration syncEvery;
    private Clock syncClock;

    private Builder() {}

    /** Called with every Graph operation's answer, on the emulator's threads. */
    public Builder responseListener(Consumer<ServedResponse> listener) {
      this.responseListener = listener;
      return this;
    }

    /**
     * The application permissions the token carries; null = {@link Permissions#LEAST_PRIVILEGE}.
     */
    public Builder permissions(Collection<String> granted) {
      this.permissions = granted == null ? null : Set.copyOf(granted);
      return this;
    }

    /** A delegated token of a signed-in Global Administrator instead of an application one. */
    public Builder delegated(boolean delegated) {
      this.delegated = delegated;
      return this;
    }

    /** Users (by userPrincipalName) whose every PATCH answers 403. */
    public Builder refusePatch(Collection<String> userPrincipalNames) {
      this.refusePatch = userPrincipalNames == null ? null : Set.copyOf(userPrincipalNames);
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder token(String token) {
      this.token = token;
      return this;
    }

    public Builder latencyMs(long latencyMs) {
      this.latencyMs = latencyMs;
      return this;
    }

    public Builder throttle(ThrottleSpec throttle) {
      this.throttle = throttle;
      return this;
    }

    /** Parses {@link ThrottleSpec}'s text form. */
    public Builder throttle(String spec) {
      this.throttle = ThrottleSpec.parse(spec);
      return this;
    }

    public Builder faultRate(double faultRate) {
      this.faultRate = faultRate;
      return this;
    }

    /** The share of writes carried out whose response is then lost (connection closed). */
    public Builder loseResponses(double rate) {
      this.loseResponses = rate;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder syncSource(LDAPInterface directory, String baseDn) {
      this.syncSource = directory;
      this.syncBaseDn = baseDn;
      return this;
    }

    public Builder refuseSyncedDeletes(boolean refuse) {
      this.refuseSyncedDeletes = refuse;
      return this;
    }

    public Builder forbidEligibilities(boolean forbid) {
      this.forbidEligibilities = forbid;
      return this;
    }

    /** Counters added to {@code GET /_sandbox/stats}, e.g. {@code ldapSearches}. */
    public Builder extraStats(Supplier<Map<String, Long>> counters) {
      this.extraStats = counters;
      return this;
    }

    /** The throttle's clock in nanoseconds (tests: a clock they advance themselves). */
    public Builder throttleClock(LongSupplier nanoTime) {
      this.throttleClock = nanoTime;
      return this;
    }

    /** The sync scheduler runs a cycle every {@code interval} (null: disabled). */
    public Builder syncEvery(Duration interval) {
      this.syncEvery = interval;
      return this;
    }

    /** The clock the sync scheduler reads (tests inject one they move). */
    public Builder syncClock(Clock clock) {
      this.syncClock = clock;
      return this;
    }

    public EmulatorOptions build() {
      return new EmulatorOptions(
          port,
          token,
          latencyMs,
          throttle,
          faultRate,
          loseResponses,
          seed,
          syncSource,
          syncBaseDn,
          refuseSyncedDeletes,
          forbidEligibilities,
          extraStats,
          permissions,
          delegated,
          refusePatch,
          responseListener,
          throttleClock,
          syncEvery,
          syncClock);
    }
  }

  /** Never prints the token. */
  @Override
  public String toString() {
    return "EmulatorOptions[port="
        + port
        + ", latencyMs="
        + latencyMs
        + ", throttle="
        + throttle
        + ", faultRate="
        + faultRate
        + ", loseResponses="
        + loseResponses
        + ", seed="
        + seed
        + ", sync="
        + (syncSource == null ? "none" : syncBaseDn)
        + ", permissions="
        + (delegated ? "delegated" : new TreeSet<>(permissions))
        + ", refusePatch="
        + new TreeSet<>(refusePatch)
        + "]";
  }
}
