package dev.hardmatch.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archives {@code mvn package} makes (docs/distribution.md): unpacked as a user would,
 * the POSIX launcher runs the tool, records a class-data-sharing archive on its first run, uses it
 * on the next and ignores a broken one silently.
 */
class DistributionIT {
  private static final String VERSION = System.getProperty("hardmatch.version", "0.1.0-SNAPSHOT");
  private static final Path TAR = Path.of("target", "hardmatch-" + VERSION + ".tar.gz");
  private static final Path ZIP = Path.of("target", "hardmatch-" + VERSION + ".zip");
  private static final String GUID = "8c4ac332-975f-4717-ad7b-ba4a4e968fff";
  private static final String IMMUTABLE_ID = "MsNKjF+XF0ete7pKTpaP/w==";

  @TempDir Path dir;

  @Test
  void theArchivesHoldLaunchersJarCompletionManPagesAndReadme() throws Exception {
    TreeSet<String> zip = new TreeSet<>();
    try (ZipFile z = new ZipFile(ZIP.toFile())) {
      z.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName).forEach(zip::add);
    }
    String root = "hardmatch-" + VERSION + "/";
    for (String f :
        List.of(
            "bin/hardmatch",
            "bin/hardmatch.cmd",
            "bin/hardmatch.ps1",
            "lib/hardmatch.jar",
            "lib/hardmatch.classlist",
            "completion/hardmatch.bash",
            "completion/hardmatch.zsh",
            "man/hardmatch.adoc",
            "man/hardmatch-plan.adoc",
            "README.md")) {
      assertTrue(zip.contains(root + f), root + f + " missing from " + zip);
    }
    Processes.Result tar =
        Processes.run(dir, Map.of(), 60, List.of("tar", "tzf", TAR.toAbsolutePath().toString()));
    TreeSet<String> tarFiles = new TreeSet<>();
    tar.out().lines().filter(l -> !l.endsWith("/")).forEach(tarFiles::add);
    assertEquals(zip, tarFiles, "zip and tar.gz hold the same files");
    Path bash = Files.createDirectories(dir.resolve("z")).resolve("hardmatch.bash");
    try (ZipFile z = new ZipFile(ZIP.toFile())) {
      Files.copy(z.getInputStream(z.getEntry(root + "completion/hardmatch.bash")), bash);
    }
    String completion = Files.readString(bash);
    assertTrue(completion.contains("complete -F _complete_hardmatch"), "a bash completion script");
    assertTrue(completion.contains("--detailed-exitcode"), "it knows plan's options");
    try (ZipFile z = new ZipFile(ZIP.toFile())) {
      String cmd =
          new String(z.getInputStream(z.getEntry(root + "bin/hardmatch.cmd")).readAllBytes());
      assertTrue(cmd.contains("\r\n"), "Windows scripts have CRLF line endings");
    }
  }

  @Test
  void thePosixLauncherRunsVersionAndAnchorAndCopesWithItsArchive() throws Exception {
    Processes.Result untar =
        Processes.run(dir, Map.of(), 120, List.of("tar", "xzf", TAR.toAbsolutePath().toString()));
    assertEquals(0, untar.exit(), untar.toString());
    Path launcher = dir.resolve("hardmatch-" + VERSION + "/bin/hardmatch");
    Path cache = dir.resolve("cache");
    // The launcher finds Java through JAVA_HOME, as on a machine without java on PATH.
    Map<String, String> env =
        Map.of("XDG_CACHE_HOME", cache.toString(), "JAVA_HOME", System.getProperty("java.home"));

    Processes.Result version = run(env, launcher, "--version");
    assertEquals(0, version.exit(), version.toString());
    assertEquals("hardmatch " + VERSION + "\n", version.out());
    assertEquals("", version.err());
    List<Path> archives = archives(cache);
    assertEquals(1, archives.size(), "the first run records one archive: " + archives);

    Processes.Result anchor = run(env, launcher, "anchor", GUID);
    assertEquals(0, anchor.exit(), anchor.toString());
    assertTrue(anchor.out().contains(IMMUTABLE_ID), anchor.out());
    assertEquals("", anchor.err());

    // An archive that does not fit (another JVM's, or damaged): a normal start, nothing printed.
    Files.write(archives.get(0), new byte[4096]);
    Processes.Result damaged = run(env, launcher, "anchor", GUID);
    assertEquals(0, damaged.exit(), damaged.toString());
    assertTrue(damaged.out().contains(IMMUTABLE_ID), damaged.out());
    assertEquals("", damaged.err());

    Processes.Result usage = run(env, launcher);
    assertEquals(64, usage.exit(), "exit codes pass through the launcher: " + usage);
  }

  private Processes.Result run(Map<String, String> env, Path launcher, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of("sh", launcher.toString()));
    cmd.addAll(List.of(args));
    return Processes.run(dir, env, 120, cmd);
  }

  private static List<Path> archives(Path cache) throws Exception {
    try (Stream<Path> s = Files.walk(cache)) {
      return s.filter(p -> p.toString().endsWith(".jsa")).toList();
    }
  }
}
