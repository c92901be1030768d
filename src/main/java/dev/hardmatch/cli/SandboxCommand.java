package dev.hardmatch.cli;

import dev.hardmatch.ExitCode;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.sandbox.Generator;
import dev.hardmatch.sandbox.Sandbox;
import dev.hardmatch.sandbox.graph.Permissions;
import dev.hardmatch.sandbox.graph.ThrottleSpec;
import dev.hardmatch.util.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    header = "Run or generate the local sandbox (embedded AD + tenant emulator).",
    description = {
      "The sandbox: an embedded AD and an Entra tenant emulator on this machine, for",
      "rehearsals, tests and the demo. Nothing in it reaches a real directory or tenant."
    },
    subcommands = {
      SandboxCommand.Serve.class,
      SandboxCommand.Generate.class,
      SandboxSchedulerCommand.class
    })
final class SandboxCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      header = "Serve the embedded AD and the tenant emulator until Ctrl-C.",
      description = {
        "Start the embedded AD (LDAP) and the tenant emulator (Graph v1.0 subset) on 127.0.0.1",
        "and run until interrupted (Ctrl-C). Without --ldif and --tenant it serves the demo",
        "organisation. Prints the connection details (with --format json: one JSON line)."
      })
  static final class Serve implements Callable<Integer> {
    /** How the connection details are printed. */
    enum Format {
      text,
      json
    }

    private final CliContext ctx;

    @Option(names = "--ldif", paramLabel = "FILE", description = "AD entries (LDIF).")
    String ldif;

    @Option(names = "--tenant", paramLabel = "FILE", description = "The tenant (tenant.json).")
    String tenant;

    @Option(names = "--ldap-port", defaultValue = "0", description = "0 = any free port.")
    int ldapPort;

    @Option(names = "--ldaps", description = "Also serve LDAPS (certificate generated, CA file).")
    boolean ldaps;

    @Option(names = "--graph-port", defaultValue = "0", description = "0 = any free port.")
    int graphPort;

    @Option(
        names = "--token",
        paramLabel = "T",
        description = "The bearer token the emulator accepts (default: random).")
    String token;

    @Option(
        names = "--bind-password",
        paramLabel = "P",
        description = "The LDAP bind password (default: random).")
    String bindPassword;

    @Option(names = "--latency-ms", defaultValue = "0", description = "Delay per Graph request.")
    long latencyMs;

    @Option(
        names = "--throttle",
        paramLabel = "SPEC",
        description = "e.g. requests=2000/10s,writes=300/10s, 'graph' (Graph's limits) or none.")
    String throttle;

    @Option(
        names = "--fault-rate",
        defaultValue = "0",
        description = "Share of Graph requests answered 503/504 or dropped (0..1).")
    double faultRate;

    @Option(
        names = "--lose-responses",
        paramLabel = "RATE",
        defaultValue = "0",
        description =
            "Share of Graph writes carried out whose response is then lost (connection closed),"
                + " 0..1.")
    double loseResponses;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for injected faults.")
    long seed;

    @Option(
        names = "--permissions",
        split = ",",
        paramLabel = "P",
        description =
            "Application permissions the token carries, comma-separated (default: the"
                + " least-privilege set "
                + Permissions.LEAST_PRIVILEGE_TEXT
                + ").")
    List<String> permissions;

    @Option(
        names = "--delegated",
        description =
            "The token acts for a signed-in Global Administrator (delegated): every endpoint,"
                + " onPremisesSynchronization too.")
    boolean delegated;

    @Option(
        names = "--refuse-patch",
        split = ",",
        paramLabel = "UPN",
        description = "Answer every PATCH of these users with 403 (a refusal no read predicts).")
    List<String> refusePatch;

    @Option(
        names = "--sync-every",
        paramLabel = "DURATION",
        description =
            "Run the simulated Entra Connect sync scheduler: a delta sync every DURATION"
                + " (e.g. 30m, 10s), on its own clock. Pause it with POST /_sandbox/scheduler.")
    String syncEvery;

    @Mixin FormatOption<Format> format = new FormatOption<>(Format.class);

    Serve(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
      if ((ldif == null) != (tenant == null)) {
        throw new HardmatchException(
            HardmatchException.Code.USAGE,
            "--ldif and --tenant go together",
            "give both, or neither to serve the demo organisation");
      }
      if (delegated && permissions != null) {
        throw new HardmatchException(
            HardmatchException.Code.USAGE,
            "--permissions and --delegated exclude each other",
            "a delegated Global Administrator token may do everything; give one of them");
      }
      Sandbox.Options options =
          new Sandbox.Options(
              ldapPort,
              ldaps,
              graphPort,
              token,
              bindPassword,
              latencyMs,
              ThrottleSpec.parse(throttle),
              faultRate,
              seed,
              new Sandbox.GraphAccess(permissions, delegated, refusePatch),
              syncEvery == null
                  ? null
                  : SandboxSchedulerCommand.duration("--sync-every", syncEvery),
              null,
              loseResponses);
      Sandbox sandbox =
          ldif == null
              ? Sandbox.startDemo(options)
              : Sandbox.start(ctx.resolve(ldif), ctx.resolve(tenant), options);
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                sandbox.close();
                stopped.countDown();
              },
              "hardmatch-sandbox-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        print(sandbox.connection());
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        if (stopped.getCount() > 0) {
          Runtime.getRuntime().removeShutdownHook(hook);
          sandbox.close();
          ctx.err().println("sandbox stopped");
          ctx.err().flush();
        }
      }
      return ExitCode.OK.code();
    }

    private void print(Sandbox.Connection c) throws Exception {
      if (format.get() == Format.json) {
        ctx.out().println(Json.mapper().writeValueAsString(c));
      } else {
        ctx.out().println("hardmatch sandbox is running (Ctrl-C stops it)");
        ctx.out().println("  AD (LDAP):   " + c.ldapUrl());
        if (c.ldapsUrl() != null) {
          ctx.out().println("  AD (LDAPS):  " + c.ldapsUrl() + "  CA: " + c.caFile());
        }
        ctx.out().println("  bind DN:     " + c.bindDn());
        ctx.out().println("  password:    " + c.bindPassword() + "  (sandbox only)");
        ctx.out().println("  base DN:     " + c.baseDn());
        ctx.out().println("  Graph:       " + c.graphUrl());
        ctx.out().println("  token:       " + c.token() + "  (sandbox only)");
        ctx.out().println("  tenant id:   " + c.tenantId());
        ctx.out()
            .println(
                "  token acts:  "
                    + (delegated
                        ? "delegated, a signed-in Global Administrator"
                        : "application, "
                            + String.join(
                                ",",
                                permissions == null ? Permissions.LEAST_PRIVILEGE : permissions)));
        ctx.out().println("Admin: GET " + c.graphUrl().replace("/v1.0", "/_sandbox/state") + ",");
        ctx.out().println("       GET …/_sandbox/stats, POST …/_sandbox/sync (same token),");
        ctx.out().println("       GET|POST …/_sandbox/scheduler {\"enabled\": false}");
        ctx.out()
            .println(
                "Use: export HARDMATCH_GRAPH_TOKEN=<token> HARDMATCH_LDAP_PASSWORD=<password>");
      }
      ctx.out().flush();
    }
  }

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      header = "Write a large reproducible organisation for scale tests.",
      description = {
        "Write a reproducible organisation for scale tests: DIR/ad.ldif, DIR/tenant.json and",
        "DIR/links.yaml (M links, pointing at a sandbox served on the given ports), and",
        "DIR/truth.csv: every AD user's own cloud account (what discover should find)."
      })
  static final class Generate implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--users", required = true, paramLabel = "N", description = "AD users.")
    int users;

    @Option(names = "--links", required = true, paramLabel = "M", description = "Links (≤ N).")
    int links;

    @Option(
        names = "--duplicates",
        defaultValue = "0.3",
        description =
            "Share of linked users with a sync-created duplicate (default ${DEFAULT-VALUE}).")
    double duplicates;

    @Option(
        names = "--deleted",
        defaultValue = "0.2",
        description =
            "Share of those duplicates already in the recycle bin (default ${DEFAULT-VALUE}).")
    double deleted;

    @Option(
        names = "--admin-targets",
        defaultValue = "0",
        description =
            "Share of linked cloud accounts holding Global Administrator, which blocks their"
                + " links (default ${DEFAULT-VALUE}).")
    double adminTargets;

    @Option(
        names = "--licensed-duplicates",
        defaultValue = "0",
        description =
            "Share of active duplicates holding a license, which blocks their links"
                + " (default ${DEFAULT-VALUE}).")
    double licensedDuplicates;

    @Option(names = "--seed", defaultValue = "1", description = "Same seed, same files.")
    long seed;

    @Option(
        names = "--noise",
        description =
            "Make it untidy the way real ones are, for discover: mail differing from the UPN,"
                + " no mail, matches only by proxy address, employeeId or name, people without"
                + " cloud account, cloud accounts without AD user. DIR/truth.csv is the answer.")
    boolean noise;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    String out;

    @Option(names = "--ldap-port", defaultValue = "10389", description = "For links.yaml.")
    int ldapPort;

    @Option(names = "--graph-port", defaultValue = "10080", description = "For links.yaml.")
    int graphPort;

    Generate(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      Path dir = ctx.resolve(out);
      Generator.Result r =
          Generator.generate(
              new Generator.Options(
                  users,
                  links,
                  duplicates,
                  deleted,
                  seed,
                  dir,
                  ldapPort,
                  graphPort,
                  null,
                  adminTargets,
                  licensedDuplicates),
              noise);
      ctx.out()
          .printf(
              "Wrote %s: %d AD users, %d links, %d duplicates (%d in the recycle bin).%n",
              out, r.users(), r.links(), r.duplicates(), r.deletedHolders());
      if (r.adminTargets() + r.licensedDuplicates() > 0) {
        ctx.out()
            .printf(
                "Blocked on purpose: %d targets hold an admin role, %d duplicates a license.%n",
                r.adminTargets(), r.licensedDuplicates());
      }
      ctx.out()
          .printf(
              "Serve it: hardmatch sandbox serve --ldif %s/ad.ldif --tenant %s/tenant.json"
                  + " --ldap-port %d --graph-port %d%n",
              out, out, ldapPort, graphPort);
      ctx.out().flush();
      return ExitCode.OK.code();
    }
  }
}
