package dev.hardmatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code hardmatch --help} without building the command tree: picocli constructs every command and
 * option by reflection before it prints the root usage, which made {@code --help} cost four times
 * {@code java -version} (docs/performance.md, "Start-up"). The root usage is a resource instead,
 * and {@code RootUsageTest} keeps it byte-identical to what picocli renders (uncoloured), so it can
 * never go stale. Every other invocation, {@code hardmatch help CMD} and {@code CMD --help}
 * included, still goes through picocli.
 */
final class RootUsage {
  static final String RESOURCE = "root-usage.txt";

  private RootUsage() {}

  /** Whether {@code args} ask for exactly the root usage. */
  static boolean asked(String[] args) {
    return args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"));
  }

  /** The root usage, or null when the resource is missing (then picocli renders it). */
  static String text() {
    try (InputStream in = RootUsage.class.getResourceAsStream(RESOURCE)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException unreadable) {
      return null;
    }
  }

  /** Writes the root usage to {@code out}; false when it is not available. */
  static boolean print(OutputStream out) {
    String usage = text();
    if (usage == null) {
      return false;
    }
    try {
      out.write(usage.getBytes(StandardCharsets.UTF_8));
      out.flush();
      return true;
    } catch (IOException closed) {
      return false;
    }
  }
}
