package dev.hardmatch.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownRendererTest {

  @Test
  void startsWithTheSummaryTableAndNamesTenantSourceAndDigest() throws Exception {
    Plan plan = PlanFile.finish(PlannerGoldenTest.plan("multi-link-mixed").plan(), "t", "v");
    String md = new MarkdownRenderer().render(plan);
    assertTrue(
        md.startsWith(
            "## hardmatch plan\n\n"
                + "**Plan: 2 to delete, 3 to purge, 4 to link, 2 unchanged, 1 AD UPN to rewrite.**"
                + "\n\n| step | count |\n"),
        md);
    assertTrue(md.contains("| tenant | Contoso (7d1a2c3e-0000-4000-8000-000000000001) |"), md);
    assertTrue(md.contains("| source | `links.yaml` (sha256 `"), md);
    assertTrue(md.contains("| digest | `" + plan.digest() + "` |"), md);
    assertTrue(md.indexOf("| step | count |") < md.indexOf("#### `johns`"), "summary first");
  }

  @Test
  void foldsManyChangedLinksAndEscapesTableCells() throws Exception {
    Plan base = PlanFile.finish(PlannerGoldenTest.plan("multi-link-mixed").plan(), "t", "v");
    LinkPlan john = base.links().get(0);
    List<LinkPlan> links = new ArrayList<>();
    for (int i = 0; i < MarkdownRenderer.FOLD_CHANGES_OVER + 1; i++) {
      links.add(
          new LinkPlan(
              "user" + i,
              "user" + i + "@contoso.com",
              john.status(),
              john.anchor(),
              false,
              john.actions(),
              List.of("a | pipe and <b>tags</b>"),
              List.of()));
    }
    Plan many =
        new Plan(
            base.formatVersion(),
            base.digest(),
            base.createdAt(),
            base.toolVersion(),
            base.source(),
            base.tenant(),
            base.directory(),
            Plan.Summary.of(links),
            links);
    String md = new MarkdownRenderer().render(many);
    assertTrue(md.contains("<details><summary>11 links to change</summary>"), md);
    assertTrue(md.contains("- **warning:** a | pipe and &lt;b&gt;tags&lt;/b&gt;"), md);
  }

  @Test
  void rendersProblemsAsATable() {
    String md =
        new MarkdownRenderer()
            .renderProblems(
                List.of(
                    new Problem(
                        ProblemCode.AD_USER_NOT_FOUND, "ghost", "g@contoso.com", "no a|b")));
    assertEquals(
        "## hardmatch plan: 1 problem, no plan written\n\n"
            + "| code | sam | UPN | message |\n| --- | --- | --- | --- |\n"
            + "| `AD_USER_NOT_FOUND` | `ghost` | `g@contoso.com` | no a\\|b |\n",
        md);
  }

  @Test
  void problemsOfAHugeRefusedPlanFitOneCommentAndSayHowManyMore() {
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      problems.add(
          new Problem(
              ProblemCode.AD_USER_NOT_FOUND,
              "user" + i,
              "user" + i + "@contoso.com",
              "no AD user with sAMAccountName user" + i + " under DC=corp,DC=example,DC=com"));
    }
    String md = new MarkdownRenderer().renderProblems(problems);
    assertTrue(md.length() <= MarkdownRenderer.BUDGET, "length " + md.length());
    assertTrue(md.startsWith("## hardmatch plan: 5000 problems, no plan written\n"), md);
    assertTrue(md.contains("| `AD_USER_NOT_FOUND` | `user0` |"), md);
    assertTrue(md.matches("(?s).*\\*\\*…and [0-9,]+ more problems not shown here\\.\\*\\*.*"), md);
    String full = new MarkdownRenderer().renderProblemsFull(problems);
    assertTrue(full.contains("| `user4999` |"), "the full rendering has every problem");
    List<Problem> few = problems.subList(0, 3);
    assertEquals(
        new MarkdownRenderer().renderProblemsFull(few), new MarkdownRenderer().renderProblems(few));
  }

  @Test
  void aPlanThatFitsRendersCompletelyWhichEverFormatIsAsked() throws Exception {
    Plan plan = PlanFile.finish(PlannerGoldenTest.plan("multi-link-mixed").plan(), "t", "v");
    assertEquals(new MarkdownRenderer().renderFull(plan), new MarkdownRenderer().render(plan));
  }
}
