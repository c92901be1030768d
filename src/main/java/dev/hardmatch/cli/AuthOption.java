package dev.hardmatch.cli;

import dev.hardmatch.tenant.GraphAuth;
import picocli.CommandLine.Option;

/** {@code --auth}: how plan, apply and verify sign in to Graph. */
final class AuthOption {
  @Option(
      names = "--auth",
      paramLabel = "METHOD",
      defaultValue = "default",
      description =
          "Graph sign-in: default (azure-identity: environment, workload identity, managed"
              + " identity, Azure CLI) or device-code.")
  String method = "default";

  /** The sign-in; device-code prompts on stderr. */
  GraphAuth parse(CliContext ctx) {
    return GraphAuth.parse(method, ctx.err()::println);
  }
}
