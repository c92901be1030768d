package dev.hardmatch.tenant;

import dev.hardmatch.HardmatchException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How hardmatch signs in to Graph. Credentials always come from azure-identity; the only exception
 * is the sandbox: against a loopback endpoint, a static token from {@code HARDMATCH_GRAPH_TOKEN}
 * (see {@link GraphTenant#open}).
 */
public final class GraphAuth {

  /** The credential chain to use. */
  public enum Kind {
    /**
     * azure-identity's DefaultAzureCredential: environment variables, workload identity federation,
     * managed identity, Azure CLI.
     */
    DEFAULT,
    /** Interactive sign-in with a device code (the prompt goes to the prompt sink). */
    DEVICE_CODE
  }

  /** The DefaultAzureCredential chain, for CI and unattended runs. */
  public static final GraphAuth DEFAULT = new GraphAuth(Kind.DEFAULT, message -> {});

  /** Device-code sign-in printing its prompt to {@code System.err}. */
  public static final GraphAuth DEVICE_CODE = deviceCode(System.err::println);

  private final Kind kind;
  private final Consumer<String> prompt;

  private GraphAuth(Kind kind, Consumer<String> prompt) {
    this.kind = kind;
    this.prompt = prompt;
  }

  /**
   * Device-code sign-in; {@code prompt} receives the "go to … and enter the code …" message (the
   * CLI passes its stderr).
   */
  public static GraphAuth deviceCode(Consumer<String> prompt) {
    return new GraphAuth(Kind.DEVICE_CODE, Objects.requireNonNull(prompt));
  }

  /**
   * Parses the CLI's {@code --auth} value ({@code default} or {@code device-code}); null means
   * default.
   */
  public static GraphAuth parse(String value, Consumer<String> prompt) {
    if (value == null || value.equals("default")) {
      return DEFAULT;
    }
    if (value.equals("device-code")) {
      return deviceCode(prompt);
    }
    throw new HardmatchException(
        HardmatchException.Code.USAGE,
        "unknown Graph sign-in method '" + value + "'",
        "use --auth default (azure-identity's credential chain) or --auth device-code");
  }

  public Kind kind() {
    return kind;
  }

  Consumer<String> prompt() {
    return prompt;
  }

  @Override
  public String toString() {
    return kind == Kind.DEFAULT ? "default" : "device-code";
  }
}
