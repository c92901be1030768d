package dev.hardmatch.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: progress goes to stderr whenever stderr is a terminal, even with stdout redirected.
 * Java 17 cannot tell (its console needs stdout too), so {@code bin/hardmatch} tests {@code [ -t 2
 * ]} and says so in {@code HARDMATCH_STDERR_TTY}; {@code Main.stderrIsTerminal} believes it. The
 * launcher runs from {@code src/dist} with a stand-in {@code java} that records what it was told,
 * under {@code script(1)} for a real terminal.
 */
class LauncherTerminalTest {
  private static final Path LAUNCHER = Path.of("src", "dist", "bin", "hardmatch").toAbsolutePath();

  @TempDir Path dir;

  /** A JAVA_HOME whose java writes HARDMATCH_STDERR_TTY and _COLUMNS to told.txt, exits 0. */
  private Map<String, String> fakeJava() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("jdk/bin"));
    Path java = bin.resolve("java");
    Files.writeString(
        java,
        "#!/bin/sh\nprintf '%s %s' \"${HARDMATCH_STDERR_TTY-unset}\" \"${HARDMATCH_COLUMNS-unset}\""
            + " > '"
            + dir
            + "/told.txt'\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = new HashMap<>();
    env.put("JAVA_HOME", dir.resolve("jdk").toString());
    env.put("HARDMATCH_CDS", "off");
    env.put("HARDMATCH_STDERR_TTY", null);
    env.put("HARDMATCH_COLUMNS", null);
    return env;
  }

  private String told() throws Exception {
    return Files.readString(dir.resolve("told.txt"));
  }

  @Test
  void stderrOnATerminalWithStdoutRedirectedIsATerminal() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) for a terminal");
    Map<String, String> env = fakeJava();
    // script gives the command a terminal on all three streams; stdout then goes to a file.
    String inner = "sh '" + LAUNCHER + "' plan links.yaml > '" + dir + "/plan.txt'";
    Processes.Result r = Processes.run(dir, env, 60, List.of("script", "-qec", inner, "/dev/null"));
    assertEquals(0, r.exit(), r.toString());
    assertEquals("1 unset", told(), "stderr a terminal; stdout a file, so no width to wrap at");
  }

  @Test
  void stderrToAFileIsNoTerminalAndAUsersChoiceWins() throws Exception {
    assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "POSIX launcher");
    Map<String, String> env = fakeJava();
    Processes.Result r = Processes.run(dir, env, 60, List.of("sh", LAUNCHER.toString(), "plan"));
    assertEquals(0, r.exit(), r.toString());
    assertEquals("0 unset", told());

    env.put("HARDMATCH_STDERR_TTY", "1");
    r = Processes.run(dir, env, 60, List.of("sh", LAUNCHER.toString(), "plan"));
    assertEquals(0, r.exit(), r.toString());
    assertEquals("1 unset", told(), "a value already set is passed on as it is");
  }
}
