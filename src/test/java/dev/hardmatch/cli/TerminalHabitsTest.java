package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a terminal user expects of a CLI: bare usage, {@code help CMD}, colour switches. */
class TerminalHabitsTest {
  private static final String RED_DELETE = "\u001b[31m-";

  @TempDir Path tmp;
  private Path plan;

  @BeforeEach
  void copyPlan() throws Exception {
    plan = tmp.resolve("mixed.plan.json");
    Files.copy(Path.of("src/test/resources/planner/multi-link-mixed/expected.plan.json"), plan);
  }

  private CliResult run(String... args) {
    return CliResult.run(Map.of(), tmp, args);
  }

  @Test
  void theLaunchersWordOnStderrWinsOverJavasConsole() {
    // Java's console is null when stdout is redirected; the launcher knows stderr is a terminal.
    assertTrue(Main.stderrIsTerminal("1", false));
    assertFalse(Main.stderrIsTerminal("0", true), "stderr redirected, though a console exists");
    assertTrue(Main.stderrIsTerminal(null, true), "no launcher: Java's console decides");
    assertFalse(Main.stderrIsTerminal(null, false));
    assertFalse(Main.stderrIsTerminal("", false));
  }

  @Test
  void noArgumentsPrintsTheUsageAndExits64() {
    CliResult r = run();
    assertEquals(64, r.exit(), r.toString());
    assertTrue(r.err().startsWith("Usage: hardmatch "), r.err());
    assertTrue(r.err().contains("plan"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void helpPlanShowsPlansHelp() {
    CliResult help = run("help", "plan");
    assertEquals(0, help.exit(), help.toString());
    assertTrue(help.out().contains("Usage: hardmatch plan "), help.out());
    assertTrue(help.out().contains("--detailed-exitcode"), help.out());
    assertEquals(run("plan", "--help").out(), help.out());
  }

  @Test
  void terraformStyleSingleDashOptionsAreRefusedWithTheRealName() {
    CliResult out = run("plan", "links.yaml", "-out=plan.json");
    assertEquals(64, out.exit(), out.toString());
    assertTrue(
        out.err().contains("unknown option '-out=plan.json': did you mean '--out=plan.json'?"),
        out.err());
    assertFalse(Files.exists(tmp.resolve("ut=plan.json")), "nothing written");

    CliResult detailed = run("plan", "links.yaml", "-detailed-exitcode");
    assertEquals(64, detailed.exit(), detailed.toString());
    assertTrue(detailed.err().contains("did you mean '--detailed-exitcode'?"), detailed.err());
    assertTrue(detailed.err().contains("Try 'hardmatch --help'"), detailed.err());
  }

  @Test
  void shortOptionsAndValuesAfterDoubleDashAreNotTakenForTerraformStyle() {
    CliResult r = run("show", "-h");
    assertEquals(0, r.exit(), r.toString());
    CliResult anchor = run("anchor", "--", "-out");
    assertFalse(anchor.err().contains("did you mean"), anchor.err());
  }

  @Test
  void emptyNoColorDoesNotSwitchColourOff() {
    assertTrue(
        onTerminal(true, Map.of("NO_COLOR", ""), "show", plan.toString()).contains(RED_DELETE));
    assertFalse(
        onTerminal(true, Map.of("NO_COLOR", "1"), "show", plan.toString()).contains("\u001b["));
  }

  @Test
  void colorAlwaysNeverAndAuto() {
    // always: even when piped and despite NO_COLOR; never: even on a terminal.
    assertTrue(
        onTerminal(false, Map.of("NO_COLOR", "1"), "show", plan.toString(), "--color", "always")
            .contains(RED_DELETE));
    assertFalse(
        onTerminal(true, Map.of(), "--color=never", "show", plan.toString()).contains("\u001b["));
    assertTrue(
        onTerminal(true, Map.of(), "show", plan.toString(), "--color", "auto")
            .contains(RED_DELETE));
    assertFalse(
        onTerminal(false, Map.of(), "show", plan.toString(), "--color", "auto")
            .contains("\u001b["));
    // --no-color still works.
    assertFalse(
        onTerminal(true, Map.of(), "show", plan.toString(), "--no-color").contains("\u001b["));
    CliResult bad = run("show", plan.toString(), "--color", "sometimes");
    assertEquals(64, bad.exit(), bad.toString());
    assertTrue(bad.err().contains("--color"), bad.err());
  }

  private String onTerminal(boolean terminal, Map<String, String> env, String... args) {
    CliResult r = CliResult.run(terminal, env, tmp, args);
    assertEquals(0, r.exit(), r.toString());
    return r.out();
  }
}
