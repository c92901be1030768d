package dev.hardmatch.sandbox;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.sandbox.ad.EmbeddedDirectory;
import dev.hardmatch.sandbox.graph.EmulatorOptions;
import dev.hardmatch.sandbox.graph.Permissions;
import dev.hardmatch.sandbox.graph.TenantEmulator;
import dev.hardmatch.sandbox.graph.TenantState;
import dev.hardmatch.sandbox.graph.ThrottleSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Both halves of the sandbox started together: the embedded AD and the tenant emulator, wired so
 * that {@code POST /_sandbox/sync} reads and writes that AD. Used by {@code sandbox serve}, {@code
 * demo}, the end-to-end tests and the benchmark.
 */
public final class Sandbox implements AutoCloseable {

  /**
   * What the sandbox's Graph token may do.
   *
   * @param permissions the application permissions it carries; null = {@link
   *     Permissions#LEAST_PRIVILEGE}
   * @param delegated a signed-in Global Administrator's delegated token instead
   * @param refusePatch userPrincipalNames whose every PATCH answers 403
   */
  public record GraphAccess(List<String> permissions, boolean delegated, List<String> refusePatch) {
    public static final GraphAccess DEFAULT = new GraphAccess(null, false, List.of());

    public GraphAccess {
      permissions = permissions == null ? null : List.copyOf(permissions);
      refusePatch = refusePatch == null ? List.of() : List.copyOf(refusePatch);
    }
  }

  /** Knobs of both servers; ports 0 = any free port. */
  public record Options(
      int ldapPort,
      boolean ldaps,
      int graphPort,
      String token,
      String bindPassword,
      long latencyMs,
      ThrottleSpec throttle,
      double faultRate,
      long seed,
      GraphAccess access,
      Duration syncEvery,
      Clock syncClock,
      double loseResponses) {

    public Options {
      if (access == null) {
        access = GraphAccess.DEFAULT;
      }
    }

    /** Without a sync scheduler. */
    public Options(
        int ldapPort,
        boolean ldaps,
        int graphPort,
        String token,
        String bindPassword,
        long latencyMs,
        ThrottleSpec throttle,
        double faultRate,
        long seed) {
      this(
          ldapPort,
          ldaps,
          graphPort,
          token,
          bindPassword,
          latencyMs,
          throttle,
          faultRate,
          seed,
          GraphAccess.DEFAULT,
          null,
          null,
          0);
    }

    public static Options defaults() {
      return new Options(0, false, 0, null, null, 0, ThrottleSpec.NONE, 0, 0);
    }

    public Options withAccess(GraphAccess newAccess) {
      return copy(ldapPort, graphPort, token, bindPassword, newAccess, syncEvery, syncClock);
    }

    public Options withPorts(int ldap, int graph) {
      return copy(ldap, graph, token, bindPassword, access, syncEvery, syncClock);
    }

    /**
     * The sync scheduler runs a cycle every {@code interval} (null: disabled until {@code POST
     * /_sandbox/scheduler} enables it). With {@code clock} null it runs on the system clock from a
     * timer of its own; with a clock the caller moves that clock and calls {@link
     * dev.hardmatch.sandbox.graph.SyncScheduler#tick()} itself, so a cycle lands exactly there.
     */
    public Options withSync(Duration interval, Clock clock) {
      return copy(ldapPort, graphPort, token, bindPassword, access, interval, clock);
    }

    public Options withCredentials(String newToken, String newBindPassword) {
      return copy(ldapPort, graphPort, newToken, newBindPassword, access, syncEvery, syncClock);
    }

    /** The one copy every {@code withX} goes through; the knobs no {@code withX} changes stay. */
    private Options copy(
        int ldap,
        int graph,
        String newToken,
        String newBindPassword,
        GraphAccess newAccess,
        Duration interval,
        Clock clock) {
      return new Options(
          ldap,
          ldaps,
          graph,
          newToken,
          newBindPassword,
          latencyMs,
          throttle,
          faultRate,
          seed,
          newAccess,
          interval,
          clock,
          loseResponses);
    }

    /** The share of Graph writes carried out whose response is then lost (0..1). */
    public Options withLoseResponses(double rate) {
      return new Options(
          ldapPort,
          ldaps,
          graphPort,
          token,
          bindPassword,
          latencyMs,
          throttle,
          faultRate,
          seed,
          access,
          syncEvery,
          syncClock,
          rate);
    }
  }

  /** What a client needs to connect; {@code sandbox serve --format json} prints exactly this. */
  public record Connection(
      String ldapUrl,
      String ldapsUrl,
      String caFile,
      String bindDn,
      String bindPassword,
      String baseDn,
      String graphUrl,
      String token,
      String tenantId) {}

  private static final String DEMO = "/dev/hardmatch/sandbox/demo/";

  private final EmbeddedDirectory directory;
  private final TenantEmulator tenant;

  private Sandbox(EmbeddedDirectory directory, TenantEmulator tenant) {
    this.directory = directory;
    this.tenant = tenant;
  }

  /** Starts the sandbox from an LDIF file and a tenant.json file. */
  public static Sandbox start(Path ldif, Path tenantJson, Options options) {
    // Both files are checked before anything listens, read side by side (docs/performance.md, "The
    // sandbox at scale"); a bad tenant file is reported first, as when they were read in turn.
    CompletableFuture<TenantState> tenant =
        CompletableFuture.supplyAsync(() -> TenantState.load(tenantJson), Sandbox::readerThread);
    EmbeddedDirectory ad;
    try {
      ad = EmbeddedDirectory.start(ldif, adOptions(options));
    } catch (RuntimeException e) {
      tenantOrThrow(tenant);
      throw e;
    }
    TenantState state;
    try {
      state = tenantOrThrow(tenant);
    } catch (RuntimeException e) {
      ad.close();
      throw e;
    }
    return withTenant(ad, state, options);
  }

  private static void readerThread(Runnable task) {
    Thread thread = new Thread(task, "tenant.json reader");
    thread.setDaemon(true);
    thread.start();
  }

  /** The tenant read on the reader thread, or what it threw, as it threw it. */
  private static TenantState tenantOrThrow(CompletableFuture<TenantState> tenant) {
    try {
      return tenant.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /** Starts the sandbox on the demo organisation that ships with hardmatch. */
  public static Sandbox startDemo(Options options) {
    TenantState state = TenantState.parse(demoResource("tenant.json"), "demo tenant.json");
    EmbeddedDirectory ad =
        EmbeddedDirectory.start(demoResource("ad.ldif"), "demo ad.ldif", adOptions(options));
    return withTenant(ad, state, options);
  }

  /** A file of the demo organisation, as text. */
  public static String demoResource(String name) {
    try (InputStream in = Sandbox.class.getResourceAsStream(DEMO + name)) {
      if (in == null) {
        throw new IllegalStateException("demo resource missing from the build: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static EmbeddedDirectory.Options adOptions(Options o) {
    EmbeddedDirectory.Options ad =
        EmbeddedDirectory.Options.defaults().withLdapPort(o.ldapPort()).withLdaps(o.ldaps());
    if (o.bindPassword() != null) {
      ad = ad.withBindPassword(o.bindPassword());
    }
    return ad;
  }

  private static Sandbox withTenant(EmbeddedDirectory ad, TenantState state, Options o) {
    try {
      EmulatorOptions.Builder b =
          EmulatorOptions.builder()
              .port(o.graphPort())
              .latencyMs(o.latencyMs())
              .throttle(o.throttle() == null ? ThrottleSpec.NONE : o.throttle())
              .faultRate(o.faultRate())
              .loseResponses(o.loseResponses())
              .seed(o.seed())
              .permissions(o.access().permissions())
              .delegated(o.access().delegated())
              .refusePatch(o.access().refusePatch())
              .syncSource(ad.ldap(), ad.baseDn())
              // The benchmark reads LDAP searches next to Graph's counters.
              .extraStats(() -> Map.of("ldapSearches", (long) ad.searchCount()))
              .syncEvery(o.syncEvery())
              .syncClock(o.syncClock());
      if (o.token() != null) {
        b.token(o.token());
      }
      TenantEmulator emulator = TenantEmulator.start(state, b.build());
      if (o.syncClock() == null) {
        // Checked often enough that a cycle starts within a second of being due.
        emulator.scheduler().startTimer(Duration.ofMillis(250));
      }
      return new Sandbox(ad, emulator);
    } catch (RuntimeException e) {
      ad.close();
      throw e;
    }
  }

  public EmbeddedDirectory directory() {
    return directory;
  }

  public TenantEmulator tenant() {
    return tenant;
  }

  public Connection connection() {
    return new Connection(
        directory.ldapUrl(),
        directory.ldapsUrl(),
        directory.caFile() == null ? null : directory.caFile().toString(),
        directory.bindDn(),
        directory.bindPassword(),
        directory.baseDn(),
        tenant.graphUrl().toString(),
        tenant.token(),
        tenant.state().tenantId());
  }

  /**
   * A links.yaml header (version, tenant, directory) pointing at this sandbox; the bind password is
   * read from {@code passwordEnv}, the Graph token from {@code HARDMATCH_GRAPH_TOKEN}.
   */
  public String linksHeader(String passwordEnv) {
    Connection c = connection();
    return "version: 1\n"
        + "tenant:\n"
        + "  id: "
        + c.tenantId()
        + "\n"
        + "  graph: "
        + c.graphUrl()
        + "\n"
        + "directory:\n"
        + "  url: "
        + c.ldapUrl()
        + "\n"
        + "  baseDn: \""
        + c.baseDn()
        + "\"\n"
        + "  bind: { user: \""
        + c.bindDn()
        + "\", passwordEnv: "
        + passwordEnv
        + " }\n";
  }

  @Override
  public void close() {
    try {
      tenant.close();
    } finally {
      directory.close();
    }
  }

  static HardmatchException usage(String message, String fix) {
    return new HardmatchException(HardmatchException.Code.USAGE, message, fix);
  }
}
