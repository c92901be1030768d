package dev.hardmatch.cli;

import dev.hardmatch.apply.Apply;
import dev.hardmatch.apply.DurationParser;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.spec.LinksLoader;
import dev.hardmatch.tenant.GraphAuth;
import dev.hardmatch.tenant.Tenant;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    header = "Execute a reviewed, committed plan, safely and resumably.",
    description = {
      "Execute a reviewed plan. Every gate runs first: committed and untampered,",
      "this tenant and directory, still true to reality, not running elsewhere.",
      "Then link by link, journaled, with a backup before every delete and purge.",
      "After a failure, run the same command again: it resumes.",
      "Exit 0 done, 1 failed (run again), 3 refused, 64 usage, 65 invalid plan."
    })
final class ApplyCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Parameters(paramLabel = "PLAN", description = "A plan file written by 'hardmatch plan -o'.")
  String plan;

  @Option(
      names = "--require-branch",
      paramLabel = "NAME",
      description = "Refuse unless HEAD is this branch (or a detached HEAD at its tip).")
  String requireBranch;

  @Option(
      names = "--max-age",
      paramLabel = "DURATION",
      description = "Refuse a plan older than this, e.g. 24h, 7d (against its createdAt).")
  String maxAge;

  @Option(
      names = "--skip-git-check",
      description =
          "Skip the git gate. Only against a loopback (sandbox) Graph endpoint; refused otherwise.")
  boolean skipGitCheck;

  @Option(
      names = "--auth",
      paramLabel = "METHOD",
      defaultValue = "default",
      description =
          "Graph sign-in: default (azure-identity: environment, workload identity, managed"
              + " identity, Azure CLI) or device-code.")
  String auth;

  @Mixin Throughput throughput; // created by the command line's factory

  ApplyCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    GraphAuth graphAuth = GraphAuth.parse(auth, ctx.err()::println);
    Apply.Options options =
        new Apply.Options(
            skipGitCheck, requireBranch, maxAge == null ? null : DurationParser.parse(maxAge));
    ProgressLine line = ProgressLine.of(ctx);
    Apply apply =
        new Apply(
            new Adapters(ctx, graphAuth, throughput, line),
            options,
            Clock.systemUTC(),
            ctx.workDir(),
            ctx.out(),
            line.guard());
    try {
      return apply.run(ctx.resolve(plan));
    } finally {
      line.clear();
    }
  }

  /** The real adapters behind apply and verify: LinksLoader, Graph, LDAP. */
  static final class Adapters implements Apply.Environment {
    private final CliContext ctx;
    private final GraphAuth auth;
    private final Throughput throughput;
    private final ProgressLine progress;

    Adapters(CliContext ctx, GraphAuth auth) {
      this(ctx, auth, new Throughput(), null);
    }

    /** With the write quota, and a progress line (null: none). */
    Adapters(CliContext ctx, GraphAuth auth, Throughput throughput, ProgressLine progress) {
      this.ctx = ctx;
      this.auth = auth;
      this.throughput = throughput;
      this.progress = progress;
    }

    @Override
    public LinksFile loadLinks(Path file) {
      return LinksLoader.load(file, display(file));
    }

    @Override
    public Tenant openTenant(LinksFile links) {
      return throughput.tenant(links.tenant(), auth, ctx, progress);
    }

    @Override
    public Directory openDirectory(LinksFile links) {
      return throughput.directory(links.directory(), ctx);
    }

    private String display(Path file) {
      Path abs = file.toAbsolutePath().normalize();
      return abs.startsWith(ctx.workDir())
          ? ctx.workDir().relativize(abs).toString()
          : abs.toString();
    }
  }
}
