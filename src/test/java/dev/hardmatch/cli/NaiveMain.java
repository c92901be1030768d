package dev.hardmatch.cli;

import dev.hardmatch.connect.Connectors;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.directory.OneByOneDirectory;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.GraphAuth;
import dev.hardmatch.tenant.GraphProgress;
import dev.hardmatch.tenant.GraphTenant;
import dev.hardmatch.tenant.OneByOneTenant;
import dev.hardmatch.tenant.Tenant;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * hardmatch with the benchmark's naive adapters: the same CLI, but plan and apply make one Graph
 * request per lookup and per write and one LDAP search per sAMAccountName. Test scope only; {@code
 * ci/bench} runs it with {@code java -cp target/classes:target/test-classes:…} to measure what the
 * bulk strategy saves.
 */
public final class NaiveMain {
  private NaiveMain() {}

  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    CliContext ctx =
        new CliContext(System.in, out, err, System.getenv(), Path.of("").toAbsolutePath(), false);
    int code = run(ctx, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs hardmatch with the naive adapters; returns the exit code. */
  static int run(CliContext ctx, String... args) {
    Main.ContextFactory commands = new Main.ContextFactory(ctx);
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          @SuppressWarnings("unchecked")
          public <K> K create(Class<K> cls) throws Exception {
            return cls == Throughput.class ? (K) new Naive() : commands.create(cls);
          }
        };
    return Main.commandLine(ctx, factory).execute(args);
  }

  /** Opens the real adapters and wraps them one-by-one. */
  private static final class Naive extends Throughput {
    @Override
    Connectors connectors(CliContext ctx, GraphAuth auth, GraphProgress progress) {
      return new Connectors(ctx.env(), ctx.workDir(), auth, settings(ctx), progress) {
        @Override
        public Tenant openTenant(LinksFile links) {
          return new OneByOneTenant((GraphTenant) super.openTenant(links));
        }

        @Override
        public Directory openDirectory(LinksFile links) {
          return new OneByOneDirectory(super.openDirectory(links));
        }
      };
    }
  }
}
