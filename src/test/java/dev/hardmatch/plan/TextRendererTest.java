package dev.hardmatch.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextRendererTest {

  @Test
  void summaryLineCountsEachKindOfChange() {
    assertEquals(
        "Plan: 2 to delete, 3 to purge, 4 to link, 5 unchanged.",
        TextRenderer.summaryLine(new Plan.Summary(2, 3, 4, 0, 5)));
    assertEquals(
        "Plan: 0 to delete, 0 to purge, 1 to link, 0 unchanged, 1 AD UPN to rewrite.",
        TextRenderer.summaryLine(new Plan.Summary(0, 0, 1, 1, 0)));
    assertEquals(
        "Plan: 0 to delete, 0 to purge, 0 to link, 2 unchanged, 2 AD UPNs to rewrite.",
        TextRenderer.summaryLine(new Plan.Summary(0, 0, 0, 2, 2)));
  }

  @Test
  void summaryLineSaysNoChangesWhenEverythingIsLinked() {
    assertEquals(
        "No changes. 5 links already linked.",
        TextRenderer.summaryLine(new Plan.Summary(0, 0, 0, 0, 5)));
    assertEquals(
        "No changes. 1 link already linked.",
        TextRenderer.summaryLine(new Plan.Summary(0, 0, 0, 0, 1)));
  }

  @Test
  void rendersEachLinkWithSymbolsAndEndsWithTheSummaryLine() throws Exception {
    Plan plan = PlanFile.finish(PlannerGoldenTest.plan("multi-link-mixed").plan(), "t", "v");
    String text = new TextRenderer(false).render(plan);
    assertTrue(
        text.endsWith(
            "\nPlan: 2 to delete, 3 to purge, 4 to link, 2 unchanged, 1 AD UPN to rewrite.\n"),
        text);
    assertEquals(1, text.split("Plan: ", -1).length - 1, "exactly one summary line");
    assertTrue(text.contains("  # johns → john.smith@contoso.com will be linked\n"), text);
    assertTrue(
        text.contains(
            "    - delete user john.smith1234@contoso.onmicrosoft.com"
                + " (id 000000c9-0000-4000-8000-0000c10d00c9, synced, no licenses)\n"),
        text);
    assertTrue(
        text.contains(
            "    x purge john.smith1234@contoso.onmicrosoft.com"
                + " (id 000000c9-0000-4000-8000-0000c10d00c9) from the recycle bin, for good\n"),
        text);
    assertTrue(
        text.contains(
            "    ~ set ImmutableId of john.smith@contoso.com"
                + " (id 00000065-0000-4000-8000-0000c10d0065): (none) → AQAAAKqqu0uMzAAAAAAAAQ==\n"),
        text);
    assertTrue(
        text.contains(
            "    ~ set AD UPN of CN=Anna Weber,OU=Staff,DC=corp,DC=example,DC=com:"
                + " anna.weber@corp.example.com → anna.weber@contoso.com\n"),
        text);
    assertTrue(text.contains("warning: the AD account is disabled"), text);
    assertTrue(text.contains("displayName: \"Pete Parker\" → \"Peter Parker\""), text);
    assertTrue(text.contains("  = maryk → mary.king@contoso.com already linked (synced)\n"), text);
    assertTrue(
        text.contains(
            "  = omarh → omar.haddad@contoso.com already linked (waiting for the next sync)\n"),
        text);
    assertFalse(text.contains("\u001b["), "no colour unless asked");
  }

  @Test
  void coloursOnlyWhenAsked() throws Exception {
    Plan plan = PlanFile.finish(PlannerGoldenTest.plan("multi-link-mixed").plan(), "t", "v");
    String text = new TextRenderer(true).render(plan);
    assertTrue(text.contains("\u001b[31m-\u001b[0m delete user"), text);
    assertTrue(text.contains("\u001b[33m~\u001b[0m set ImmutableId"), text);
  }

  @Test
  void rendersEveryProblemThenTheCount() {
    String text =
        new TextRenderer(false)
            .renderProblems(
                List.of(
                    new Problem(
                        ProblemCode.AD_USER_NOT_FOUND, "ghost", "ghost@contoso.com", "no AD user"),
                    new Problem(ProblemCode.MAX_DELETES_EXCEEDED, null, null, "too many")));
    assertEquals(
        "error[AD_USER_NOT_FOUND] ghost → ghost@contoso.com: no AD user\n"
            + "error[MAX_DELETES_EXCEEDED]: too many\n"
            + "2 problems, no plan written\n",
        text);
  }
}
