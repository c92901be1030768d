package dev.hardmatch.cli;

import static dev.hardmatch.cli.ApplySandbox.MAIN_LINKS;
import static dev.hardmatch.cli.ApplySandbox.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hardmatch.apply.Journal;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real {@code hardmatch apply} process killed with SIGKILL in the middle of its writes (right
 * after its k-th journaled intent, while that write is in flight): running apply again converges,
 * and the OS has released the dead process's lock.
 */
class ApplyKilledTest {
  @org.junit.jupiter.api.io.TempDir Path dir;
  private ApplySandbox box;
  private Process process;

  @AfterEach
  void stop() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor();
    }
    if (box != null) {
      box.close();
    }
  }

  @ParameterizedTest(name = "killed after intent {0}")
  @ValueSource(ints = {1, 3, 5})
  void aKilledApplyResumesToThePlannedState(int intents) throws Exception {
    // Latency keeps each write in flight long enough for the kill to land mid-run.
    box = ApplySandbox.start(dir, "main", b -> b.latencyMs(150)).links(MAIN_LINKS);
    box.planAndCommit();
    String expected = ApplyCommandTest.plannedState(box.snapshot());

    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.add("apply");
    cmd.add(PLAN);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(box.repo.toFile());
    pb.environment().putAll(box.env());
    File log = dir.resolve("apply.log").toFile();
    pb.redirectErrorStream(true).redirectOutput(log);
    process = pb.start();

    Path journal = Journal.pathFor(box.path(PLAN));
    while (process.isAlive() && countIntents(journal) < intents) {
      Thread.sleep(5);
    }
    assertTrue(process.isAlive(), "apply finished before it could be killed; see " + log);
    process.destroyForcibly();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));

    ApplySandbox.Run resumed = box.cli("apply", PLAN);

    assertEquals(0, resumed.exit(), resumed.toString());
    assertEquals(expected, ApplyCommandTest.normalised(box));
    ApplyResumeTest.assertDeletionsBackedUp(box);
  }

  private static int countIntents(Path journal) {
    int n = 0;
    for (JsonNode e : Journal.read(journal)) {
      if (e.get("event").asText().equals("intent")) {
        n++;
      }
    }
    return n;
  }
}
