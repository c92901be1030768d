package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root usage {@code hardmatch --help} prints from a resource is exactly picocli's. */
class RootUsageTest {
  @TempDir Path dir;

  @Test
  void theResourceIsWhatPicocliRenders() {
    CliResult picocli = CliResult.run(Map.of("NO_COLOR", "1"), dir, "--help");
    String resource = RootUsage.text();

    assertEquals(0, picocli.exit(), picocli.toString());
    assertNotNull(resource, "src/main/resources/dev/hardmatch/cli/" + RootUsage.RESOURCE);
    assertEquals(
        picocli.out(),
        resource,
        "a command or option changed: write this output to src/main/resources/dev/hardmatch/cli/"
            + RootUsage.RESOURCE);
  }

  @Test
  void onlyExactlyTheRootHelpTakesTheShortcut() {
    assertTrue(RootUsage.asked(new String[] {"--help"}));
    assertTrue(RootUsage.asked(new String[] {"-h"}));
    assertFalse(RootUsage.asked(new String[] {"plan", "--help"}));
    assertFalse(RootUsage.asked(new String[] {"--help", "--version"}));
    assertFalse(RootUsage.asked(new String[] {}));
  }

  @Test
  void printsTheUsageWithEveryCommand() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertTrue(RootUsage.print(out));
    String usage = out.toString(StandardCharsets.UTF_8);
    for (String command : new String[] {"plan", "apply", "verify", "doctor", "unlink", "demo"}) {
      assertTrue(usage.contains("  " + command + " "), usage);
    }
  }
}
