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
}
