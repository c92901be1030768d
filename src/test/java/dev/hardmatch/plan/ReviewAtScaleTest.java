package dev.hardmatch.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.directory.DirectorySnapshot;
import dev.hardmatch.sandbox.Generator;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.TenantSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review at any size: a 100,000-link plan of an organisation made by {@code sandbox generate} (in
 * process; planned from its files without the network, as running {@code plan} at that size would
 * take minutes) renders as one GitHub comment, and its file stays compact.
 */
class ReviewAtScaleTest {
  static final int LINKS = 100_000;
  private static final Pattern LINK = Pattern.compile("- \\{ sam: (\\S+), upn: \"([^\"]+)\" }");

  @TempDir static Path tmp;
  static Plan plan;

  @BeforeAll
  static void planAGeneratedOrganisation() throws Exception {
    Path org = tmp.resolve("org");
    Generator.generate(
        new Generator.Options(LINKS + LINKS / 10, LINKS, 0.3, 0.2, 1, org, 0, 0, null));
    LinksFile links = links(org.resolve("links.yaml"));
    assertEquals(LINKS, links.links().size());
    DirectorySnapshot ad = Fixtures.directory(org.resolve("ad.ldif"), links);
    TenantSnapshot tenant = Fixtures.tenant(org.resolve("tenant.json"), links, ad);
    PlanResult r = Planner.plan(links, ad, tenant);
    assertTrue(r.ok(), () -> r.problems().subList(0, 3).toString());
    plan = PlanFile.finish(r.plan(), "2026-11-28T00:00:00Z", "scale");
  }

  /**
   * Reading 100,000 links through the loader is the benchmark's to measure (ci/bench): its header
   * goes through the real loader, its 100,000 link lines are read as generated.
   */
  private static LinksFile links(Path file) throws Exception {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int at = text.indexOf("links:\n");
    Path head = file.resolveSibling("head.yaml");
    Files.writeString(head, text.substring(0, at) + "links:\n  - { sam: x, upn: x@x.com }\n");
    LinksFile h = Fixtures.links(head);
    List<LinksFile.Link> all = new ArrayList<>();
    Matcher m = LINK.matcher(text);
    int line = text.substring(0, at).split("\n").length + 1;
    while (m.find()) {
      all.add(new LinksFile.Link(m.group(1), m.group(2), null, null, ++line));
    }
    return new LinksFile(
        h.path(), h.sha256(), h.version(), h.tenant(), h.directory(), h.policy(), List.copyOf(all));
  }

  @Test
  void markdownFitsOneGitHubCommentWithTheCountsAndTheDestructiveStepsThatFit() {
    Plan.Summary s = plan.summary();
    assertTrue(s.deleteUser() > 10_000, s.toString());
    String md = PlanFormat.MARKDOWN.render(plan, false);
    assertTrue(md.length() <= MarkdownRenderer.GITHUB_COMMENT_LIMIT, "length " + md.length());
    assertTrue(md.length() <= MarkdownRenderer.BUDGET, "length " + md.length());
    assertTrue(md.length() > MarkdownRenderer.BUDGET - 2_000, "uses the room: " + md.length());
    assertTrue(md.contains("**" + TextRenderer.summaryLine(s) + "**"), md.substring(0, 500));
    assertTrue(md.contains("| delete duplicate users | " + s.deleteUser() + " |"));
    assertTrue(md.contains("| purge from the recycle bin | " + s.purgeDeletedUser() + " |"));
    assertTrue(md.contains("### Destructive steps (" + (s.deleteUser() + s.purgeDeletedUser())));
    // The first destructive step is listed, with the link it belongs to.
    LinkPlan first =
        plan.links().stream()
            .filter(l -> !l.actions().isEmpty() && l.actions().get(0) instanceof DeleteUser)
            .findFirst()
            .orElseThrow();
    DeleteUser d = (DeleteUser) first.actions().get(0);
    assertTrue(md.contains("| `-` | delete user | `" + d.objectId() + "`"), md);
    assertTrue(md.contains("`" + first.sam() + "` → `" + first.upn() + "` |"), md);
    assertTrue(md.contains(" more destructive steps not shown here.**"), md);
    assertTrue(md.contains("--format markdown-full"), md);

    String full = PlanFormat.MARKDOWN_FULL.render(plan, false);
    assertTrue(full.length() > 100 * MarkdownRenderer.GITHUB_COMMENT_LIMIT, "" + full.length());
  }

  @Test
  void thePlanFileHasOneLinePerLinkAndAtMost400BytesPerLink() {
    byte[] json = PlanFile.write(plan).getBytes(StandardCharsets.UTF_8);
    long lines = new String(json, StandardCharsets.UTF_8).lines().count();
    assertEquals(8 + LINKS + 1, lines);
    double perLink = (double) json.length / LINKS;
    System.out.printf("plan bytes per link: %.1f%n", perLink);
    assertTrue(perLink <= 400, "bytes per link: " + perLink);
    assertEquals(plan, PlanFile.parse("scale", json));
  }

  @Test
  void csvHasOneRowPerAction() {
    String csv = PlanFormat.CSV.render(plan, false);
    Plan.Summary s = plan.summary();
    int actions = s.deleteUser() + s.purgeDeletedUser() + s.setImmutableId() + s.setAdUpn();
    assertEquals(actions + 1, csv.split("\r\n", -1).length - 1);
  }
}
