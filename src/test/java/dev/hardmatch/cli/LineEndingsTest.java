package dev.hardmatch.cli;

import static dev.hardmatch.cli.ApplySandbox.JOHN;
import static dev.hardmatch.cli.ApplySandbox.JOHN_ANCHOR;
import static dev.hardmatch.cli.ApplySandbox.MAIN_LINKS;
import static dev.hardmatch.cli.ApplySandbox.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Line endings never change a digest (docs/plan-format.md): a plan made and committed in a checkout
 * with one {@code core.autocrlf} applies from a fresh clone with the other. Real repositories made
 * with the git command line, as a Windows or Linux user would; apply reads them through JGit.
 */
class LineEndingsTest {
  @TempDir Path dir;
  private ApplySandbox box;

  @AfterEach
  void stop() {
    if (box != null) {
      box.close();
    }
  }

  @ParameterizedTest(name = "planned with core.autocrlf={0}, applied from a clone with the other")
  @ValueSource(booleans = {true, false})
  void aPlanCommittedUnderOneAutocrlfAppliesFromACloneWithTheOther(boolean plannedOnWindows)
      throws Exception {
    Path origin = dir.resolve("origin");
    box = ApplySandbox.start(origin, "main").links(MAIN_LINKS);
    git(origin, "config", "core.autocrlf", String.valueOf(plannedOnWindows));
    if (plannedOnWindows) {
      // A Windows editor: CRLF line ends and a byte-order mark in the working copy.
      box.write("links.yaml", "\uFEFF" + box.read("links.yaml").replace("\n", "\r\n"));
    }
    box.plan();
    if (plannedOnWindows) {
      box.write(PLAN, box.read(PLAN).replace("\n", "\r\n"));
    }
    git(origin, "add", "links.yaml", PLAN);
    git(origin, "commit", "-q", "-m", "Plan the migration");

    Path clone = dir.resolve("clone");
    git(dir, "clone", "-q", "-c", "core.autocrlf=" + !plannedOnWindows, "origin", "clone");
    String cloned = Files.readString(clone.resolve("links.yaml"), StandardCharsets.UTF_8);
    assertEquals(plannedOnWindows, !cloned.contains("\r\n"), "the clone converted line endings");
    assertEquals(
        plannedOnWindows,
        !Files.readString(clone.resolve(PLAN), StandardCharsets.UTF_8).contains("\r\n"));

    CliResult run = CliResult.run(box.env(), clone, "apply", PLAN);
    assertEquals(0, run.exit(), run.toString());
    assertFalse(run.err().contains("SOURCE_CHANGED"), run.toString());
    assertEquals(
        JOHN_ANCHOR, box.user("users", JOHN).path("onPremisesImmutableId").asText(), "applied");
  }

  private static void git(Path in, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Reviewer"));
    cmd.addAll(List.of("-c", "user.email=reviewer@example.com", "-c", "init.defaultBranch=main"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(in.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "git " + String.join(" ", args) + " hung");
    assertEquals(0, p.exitValue(), "git " + String.join(" ", args) + ": " + out);
  }
}
