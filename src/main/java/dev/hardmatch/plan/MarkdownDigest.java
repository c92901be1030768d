package dev.hardmatch.plan;

import java.util.Locale;

/**
 * The Markdown of a plan too large for one pull-request comment: the summary counts and where the
 * plan came from, every destructive step (delete, purge) while they fit, the other changes as
 * counts, and where the full plan is. Never longer than the budget it is given.
 */
final class MarkdownDigest {
  /** Room kept for the "…and N more" line. */
  static final int MORE_LINE_ROOM = 200;

  private MarkdownDigest() {}

  static String render(Plan plan, int budget) {
    Plan.Summary s = plan.summary();
    StringBuilder sb = new StringBuilder();
    MarkdownRenderer.header(sb, plan);
    sb.append("\n> **")
        .append(String.format(Locale.ROOT, "%,d", plan.links().size()))
        .append(" links: too many to list in one comment.** Below are every destructive step")
        .append(" (while they fit) and the other changes as counts.\n");

    int warned = 0;
    for (LinkPlan l : plan.links()) {
      warned += l.warnings().isEmpty() ? 0 : 1;
    }
    StringBuilder tail = new StringBuilder();
    tail.append("\n### Other changes\n\n")
        .append("- set ImmutableId (link): ")
        .append(s.setImmutableId())
        .append('\n')
        .append("- rewrite AD UPN: ")
        .append(s.setAdUpn())
        .append('\n')
        .append("- links with warnings: ")
        .append(warned)
        .append('\n')
        .append("- unchanged links: ")
        .append(s.unchanged())
        .append('\n');
    tail.append("\n### The full plan\n\n")
        .append("The plan file in this pull request has one line per link, so its diff shows")
        .append(" every change. `hardmatch show PLAN --format markdown-full` (or `--format text`,")
        .append(" `--format csv`) renders all of it.\n");

    int destructive = s.deleteUser() + s.purgeDeletedUser();
    sb.append("\n### Destructive steps (").append(destructive).append(")\n\n");
    if (destructive > 0) {
      sb.append("| | action | object | UPN | detail | link |\n")
          .append("| --- | --- | --- | --- | --- | --- |\n");
    }
    int room = budget - tail.length() - MORE_LINE_ROOM;
    int shown = 0;
    outer:
    for (LinkPlan l : plan.links()) {
      for (Action a : l.actions()) {
        if (!a.destructive()) {
          continue;
        }
        String row =
            MarkdownRenderer.row(a)
                + " "
                + MarkdownRenderer.code(l.sam())
                + " → "
                + MarkdownRenderer.code(l.upn())
                + " |\n";
        if (sb.length() + row.length() > room) {
          break outer;
        }
        sb.append(row);
        shown++;
      }
    }
    if (shown < destructive) {
      sb.append('\n')
          .append(more(destructive - shown, "destructive step", "destructive steps"))
          .append(" See the full plan.\n");
    }
    return sb.append(tail).toString();
  }

  /** "**…and 3 more problems not shown here.**" */
  static String more(int n, String one, String many) {
    return "**…and "
        + String.format(Locale.ROOT, "%,d", n)
        + " more "
        + (n == 1 ? one : many)
        + " not shown here.**";
  }
}
