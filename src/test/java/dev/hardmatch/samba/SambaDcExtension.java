package dev.hardmatch.samba;

import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes the one {@link SambaDc} of the run: started on first use, kept in JUnit's root
 * store, stopped when the run ends (the store closes it). Where the machine cannot run a DC the
 * classes are skipped with the reason — or fail with it when {@code HARDMATCH_REQUIRE_SAMBA=1}.
 *
 * <pre>{@code
 * @Tag("samba")
 * @ExtendWith(SambaDcExtension.class)
 * class SomeSambaTest {
 *   @BeforeAll static void seed(SambaDc dc) { ... }
 * }
 * }</pre>
 */
public final class SambaDcExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SambaDcExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    holder(context).dc();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SambaDc.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return holder(context).dc();
  }

  private static Holder holder(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(Holder.class, k -> Holder.start(), Holder.class);
  }

  /** The DC, or why there is none; the same answer for every class of the run. */
  static final class Holder implements AutoCloseable {
    private final SambaDc dc;
    private final String unavailable;
    private final RuntimeException failure;
    private final boolean required;

    private Holder(SambaDc dc, String unavailable, RuntimeException failure, boolean required) {
      this.dc = dc;
      this.unavailable = unavailable;
      this.failure = failure;
      this.required = required;
    }

    /** No DC on this machine, for {@code reason}; {@code env} decides skip or failure. */
    static Holder unavailable(String reason, Map<String, String> env) {
      return new Holder(null, reason, null, "1".equals(env.get(SambaDc.REQUIRE_ENV)));
    }

    static Holder start() {
      String reason = SambaDc.unavailableReason();
      if (reason != null) {
        return unavailable(reason, System.getenv());
      }
      try {
        long t0 = System.nanoTime();
        SambaDc dc = SambaDc.start();
        System.err.printf(
            "samba-dc: %s ready in %.1f s%n", dc.ldapsUrl(), (System.nanoTime() - t0) / 1e9);
        return new Holder(dc, null, null, false);
      } catch (SambaDc.Unavailable e) {
        return unavailable(e.getMessage(), System.getenv());
      } catch (RuntimeException e) {
        return new Holder(null, null, e, false);
      }
    }

    SambaDc dc() {
      if (unavailable != null) {
        String message = "Samba AD DC tests skipped: " + unavailable;
        if (required) {
          Assertions.fail(
              message.replace(
                  "skipped", "required (" + SambaDc.REQUIRE_ENV + "=1) but cannot run"));
        }
        Assumptions.abort(message);
      }
      if (failure != null) {
        throw failure;
      }
      return dc;
    }

    @Override
    public void close() {
      if (dc != null) {
        dc.close();
      }
    }
  }
}
