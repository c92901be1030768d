package dev.hardmatch.cli;

import dev.hardmatch.apply.Apply;
import dev.hardmatch.connect.Connectors;
import dev.hardmatch.tenant.ForwardingTenant;
import dev.hardmatch.tenant.GraphAuth;
import dev.hardmatch.tenant.Tenant;
import dev.hardmatch.tenant.WriteOutcome;
import dev.hardmatch.tenant.WriteRequest;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Test-only entry point for the crash test: {@code hardmatch apply PLAN} wired as {@link
 * ApplyCommand} wires it, except that the JVM halts ({@link Runtime#halt}: no shutdown hooks, no
 * finally blocks, the OS releases the lock, exactly what SIGKILL leaves) at a named point instead
 * of whenever a timer fires: in the {@code WAVE}-th batch of Graph writes, {@code before} sending
 * it (its intents journaled, nothing written) or {@code after} Graph took it (written, but no
 * outcome journaled).
 *
 * <p>Usage: {@code HaltingApply PLAN WAVE before|after}; exits {@value #HALTED} when it halted.
 */
final class HaltingApply {
  static final int HALTED = 137;

  private HaltingApply() {}

  public static void main(String[] args) {
    Path workDir = Path.of("").toAbsolutePath();
    int wave = Integer.parseInt(args[1]);
    boolean afterSending = args[2].equals("after");
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    Connectors real =
        new Connectors(
            System.getenv(), workDir, GraphAuth.DEFAULT, Connectors.Settings.defaults(), null);
    Apply.Environment env =
        new DecoratedEnvironment(real, tenant -> new Halting(tenant, wave, afterSending));
    int code =
        new Apply(env, Apply.Options.defaults(), Clock.systemUTC(), workDir, out, out)
            .run(workDir.resolve(args[0]));
    out.flush();
    System.exit(code);
  }

  /** Forwards everything; halts the JVM at the chosen batch of writes. */
  private static final class Halting extends ForwardingTenant {
    private final int wave;
    private final boolean afterSending;
    private int batches;

    Halting(Tenant inner, int wave, boolean afterSending) {
      super(inner);
      this.wave = wave;
      this.afterSending = afterSending;
    }

    @Override
    public List<WriteOutcome> writeBatch(List<WriteRequest> writes) {
      boolean halt = ++batches == wave;
      if (halt && !afterSending) {
        Runtime.getRuntime().halt(HALTED);
      }
      List<WriteOutcome> outcomes = inner.writeBatch(writes);
      if (halt) {
        Runtime.getRuntime().halt(HALTED);
      }
      return outcomes;
    }
  }
}
