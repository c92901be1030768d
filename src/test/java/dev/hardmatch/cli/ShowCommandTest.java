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

class ShowCommandTest {
  // A real plan: the golden output of the planner's mixed case, with its Markdown rendering.
  private static final Path CASE = Path.of("src/test/resources/planner/multi-link-mixed");
  private static final String SUMMARY =
      "Plan: 2 to delete, 3 to purge, 4 to link, 2 unchanged, 1 AD UPN to rewrite.";

  @TempDir Path tmp;
  private Path plan;

  @BeforeEach
  void copyPlan() throws Exception {
    Files.createDirectories(tmp.resolve("plans"));
    plan = tmp.resolve("plans/mixed.plan.json");
    Files.copy(CASE.resolve("expected.plan.json"), plan);
  }

  private CliResult run(String... args) {
    return CliResult.run(Map.of(), tmp, args);
  }

  @Test
  void showsASavedPlanAsTextEndingWithTheSummaryLine() {
    CliResult r = run("show", "plans/mixed.plan.json");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().endsWith("\n" + SUMMARY + "\n"), r.out());
    assertTrue(r.out().contains("  # johns → john.smith@contoso.com will be linked"), r.out());
    assertEquals("", r.err());
    assertFalse(r.out().contains("\u001b["), "no colour when not on a terminal");
  }

  @Test
  void showsMarkdownReadyForAPullRequest() throws Exception {
    CliResult r = run("show", "plans/mixed.plan.json", "--format", "markdown");
    assertEquals(0, r.exit(), r.err());
    assertEquals(Files.readString(CASE.resolve("expected.plan.md")), r.out());
    assertTrue(r.out().contains("**" + SUMMARY + "**"));
    assertTrue(r.out().contains("<details>"));
  }

  @Test
  void markdownFullIsTheCompleteRenderingAndEqualsMarkdownForASmallPlan() throws Exception {
    CliResult r = run("show", "plans/mixed.plan.json", "--format", "markdown-full");
    assertEquals(0, r.exit(), r.err());
    assertEquals(Files.readString(CASE.resolve("expected.plan.md")), r.out());
    CliResult bad = run("show", "plans/mixed.plan.json", "--format", "markdown_whole");
    assertEquals(64, bad.exit());
    assertTrue(
        bad.err().contains("[text, json, markdown, markdown-full, csv]"), "lists the values");
  }

  @Test
  void csvHasAHeaderAndOneRowPerActionForAChangeTicket() {
    CliResult r = run("show", "plans/mixed.plan.json", "--format", "csv");
    assertEquals(0, r.exit(), r.err());
    String[] rows = r.out().split("\r\n", -1);
    // 2 deletes, 3 purges, 4 links, 1 AD UPN: 10 actions, a header, and the empty tail.
    assertEquals(12, rows.length, r.out());
    assertEquals(
        "step,sam,upn,action,destructive,object,object_upn,from,to,expected_state", rows[0]);
    assertTrue(
        rows[1].startsWith("1,johns,john.smith@contoso.com,deleteUser,true,000000c9-"), rows[1]);
    // The expected state has commas, so it is quoted (RFC 4180).
    assertTrue(rows[1].endsWith("\""), rows[1]);
    assertFalse(r.out().replace("\r\n", "").contains("\n"), "CRLF between records only");
  }

  @Test
  void showsJsonAsThePlanDocumentItself() throws Exception {
    CliResult r = run("show", plan.toString(), "--format=json");
    assertEquals(0, r.exit(), r.err());
    assertEquals(Files.readString(plan), r.out());
  }

  @Test
  void refusesAnInvalidPlanWithExit65AndALocatedMessage() throws Exception {
    Files.writeString(plan, Files.readString(plan).replace("\"synced\":true", "\"synced\":7"));
    CliResult r = run("show", "plans/mixed.plan.json");
    assertEquals(65, r.exit());
    assertEquals("", r.out());
    // Named as the user typed it.
    assertTrue(r.err().contains("plans/mixed.plan.json:10:91: links[1].synced: "), r.err());
    assertTrue(r.err().contains("links[1].synced"), r.err());
    assertTrue(r.err().contains("hint: "), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());

    CliResult missing = run("show", "plans/none.plan.json");
    assertEquals(65, missing.exit());
    assertTrue(missing.err().contains("does not exist"), missing.err());
  }

  @Test
  void warnsWhenThePlanNoLongerMatchesItsDigest() throws Exception {
    Files.writeString(
        plan,
        Files.readString(plan)
            .replace("john.smith1234@contoso.onmicrosoft.com", "mary.king@contoso.com"));
    CliResult r = run("show", "plans/mixed.plan.json");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("does not match its digest"), r.err());
    assertTrue(r.err().contains("TAMPERED"), r.err());
    assertTrue(r.out().contains(SUMMARY), r.out());
  }

  @Test
  void coloursOnATerminalUnlessNoColorIsGiven() {
    assertTrue(runOnTerminal(Map.of(), "show", plan.toString()).contains("\u001b[31m-"));
    assertFalse(runOnTerminal(Map.of(), "show", plan.toString(), "--no-color").contains("\u001b["));
    assertFalse(
        runOnTerminal(Map.of("NO_COLOR", "1"), "show", plan.toString()).contains("\u001b["));
  }

  private String runOnTerminal(Map<String, String> env, String... args) {
    CliResult r = CliResult.run(true, env, tmp, args);
    assertEquals(0, r.exit(), r.err());
    return r.out();
  }

  @Test
  void rejectsAnUnknownFormatAsAUsageError() {
    CliResult r = run("show", "plans/mixed.plan.json", "--format", "yaml");
    assertEquals(64, r.exit());
    assertTrue(r.err().contains("--format"), r.err());
  }
}
