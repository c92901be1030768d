package dev.hardmatch.cli;

import static dev.hardmatch.cli.ApplySandbox.MAIN_LINKS;
import static dev.hardmatch.cli.ApplySandbox.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hardmatch.apply.Journal;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An apply process killed in the middle of its writes, at a named point rather than after a sleep
 * ({@link HaltingApply}: the JVM halts in the n-th batch of Graph writes, before sending it or
 * after Graph took it but before the outcome is journaled): running apply again converges, and the
 * OS has released the dead process's lock.
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

  @ParameterizedTest(name = "halted in write batch {0}, {1} sending it")
  @CsvSource({"1, before", "1, after", "2, after", "3, after"})
  void aKilledApplyResumesToThePlannedState(int wave, String when) throws Exception {
    box = ApplySandbox.start(dir, "main").links(MAIN_LINKS);
    box.planAndCommit();
    String expected = ApplyCommandTest.plannedState(box.snapshot());

    List<String> cmd = CliResult.javaCommand(HaltingApply.class, PLAN, String.valueOf(wave), when);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(box.repo.toFile());
    pb.environment().putAll(box.env());
    File log = dir.resolve("apply.log").toFile();
    pb.redirectErrorStream(true).redirectOutput(log);
    process = pb.start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "apply did not finish; see " + log);
    assertEquals(
        HaltingApply.HALTED,
        process.exitValue(),
        "apply ended before write batch " + wave + ": " + Files.readString(log.toPath()));
    Path journal = Journal.pathFor(box.path(PLAN));
    assertTrue(countIntents(journal) > 0, "killed before its first intent");

    CliResult resumed = box.cli("apply", PLAN);

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
