package dev.hardmatch.cli;

import dev.hardmatch.connect.Pins;
import picocli.CommandLine.Option;

/**
 * {@code --pin-directory} and {@code --pin-graph} for every command that connects (see README,
 * "Threat model"); the environment's {@value Pins#DIRECTORY_ENV} and {@value Pins#GRAPH_ENV} when
 * an option is not given.
 */
final class PinOptions {
  @Option(
      names = "--pin-directory",
      paramLabel = "URL",
      description =
          "Refuse a links file whose directory.url is another LDAP endpoint"
              + " (also HARDMATCH_PIN_DIRECTORY).")
  String directory;

  @Option(
      names = "--pin-graph",
      paramLabel = "URL",
      description =
          "Refuse a links file whose tenant.graph is another Graph endpoint"
              + " (also HARDMATCH_PIN_GRAPH).")
  String graph;

  Pins pins(CliContext ctx) {
    return Pins.of(directory, graph, ctx.env());
  }
}
