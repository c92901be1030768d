package dev.hardmatch.plan;

import java.util.List;

/**
 * Renders a plan as GitHub-flavoured Markdown, ready to paste as a pull-request comment: the
 * summary table first, then where it came from, then the details per link. Secondary and long lists
 * (sync impact, unchanged links, many changed links) are folded in {@code <details>}.
 *
 * <p>{@link #render} fits one GitHub comment at any plan size: the complete rendering when it fits
 * in {@link #BUDGET} characters, else {@link MarkdownDigest}'s summary with every destructive step
 * while they fit. {@link #renderFull} is always complete ({@code --format markdown-full}).
 */
public final class MarkdownRenderer {
  /** More changed links than this and their details are folded too. */
  static final int FOLD_CHANGES_OVER = 10;

  /** GitHub refuses a comment body over 65,536 characters. */
  public static final int GITHUB_COMMENT_LIMIT = 65_536;

  /**
   * What {@link #render} may use: the comment limit less room for what a pipeline adds around it (a
   * hidden marker to update the comment in place, a heading, a link to the run).
   */
  public static final int BUDGET = 60_000;

  /** The Markdown for a pull-request comment, at most {@link #BUDGET} characters. */
  public String render(Plan plan) {
    String full = render(plan, BUDGET);
    return full != null ? full : MarkdownDigest.render(plan, BUDGET);
  }

  /** The complete Markdown document, ending in a newline, however long. */
  public String renderFull(Plan plan) {
    return render(plan, Integer.MAX_VALUE);
  }

  /** The complete document, or null as soon as it grows over {@code limit} characters. */
  private static String render(Plan plan, int limit) {
    StringBuilder sb = new StringBuilder();
    header(sb, plan);
    List<LinkPlan> changed = plan.links().stream().filter(l -> !l.actions().isEmpty()).toList();
    List<LinkPlan> unchanged = plan.links().stream().filter(l -> l.actions().isEmpty()).toList();
    if (!changed.isEmpty()) {
      sb.append("\n### Changes (").append(changed.size()).append(")\n");
      boolean fold = changed.size() > FOLD_CHANGES_OVER;
      if (fold) {
        sb.append("\n<details><summary>")
            .append(changed.size())
            .append(" links to change</summary>\n");
      }
      for (LinkPlan link : changed) {
        renderChange(sb, link);
        if (sb.length() > limit) {
          return null;
        }
      }
      if (fold) {
        sb.append("\n</details>\n");
      }
    }
    if (!unchanged.isEmpty()) {
      sb.append("\n### Unchanged (").append(unchanged.size()).append(")\n\n");
      sb.append("<details><summary>")
          .append(unchanged.size())
          .append(unchanged.size() == 1 ? " link" : " links")
          .append(" already linked</summary>\n\n");
      sb.append(
          "| sam | UPN | ImmutableId | synced | warnings |\n| --- | --- | --- | --- | --- |\n");
      for (LinkPlan l : unchanged) {
        sb.append("| ")
            .append(code(l.sam()))
            .append(" | ")
            .append(code(l.upn()))
            .append(" | ")
            .append(code(l.anchor().immutableId()))
            .append(" | ")
            .append(l.synced() ? "yes" : "not yet")
            .append(" | ")
            .append(cell(String.join("; ", l.warnings())))
            .append(" |\n");
        if (sb.length() > limit) {
          return null;
        }
      }
      sb.append("\n</details>\n");
    }
    return sb.length() > limit ? null : sb.toString();
  }

  /** The title, the summary counts and where the plan came from: the same in every rendering. */
  static void header(StringBuilder sb, Plan plan) {
    Plan.Summary s = plan.summary();
    sb.append("## hardmatch plan\n\n");
    sb.append("**").append(TextRenderer.summaryLine(s)).append("**\n\n");
    ApplyEstimate estimate = ApplyEstimate.of(plan);
    if (estimate.quotaBound()) {
      sb.append(estimate.line()).append("\n\n");
    }
    sb.append("| step | count |\n| --- | ---: |\n");
    sb.append("| delete duplicate users | ").append(s.deleteUser()).append(" |\n");
    sb.append("| purge from the recycle bin | ").append(s.purgeDeletedUser()).append(" |\n");
    sb.append("| set ImmutableId (link) | ").append(s.setImmutableId()).append(" |\n");
    sb.append("| rewrite AD UPN | ").append(s.setAdUpn()).append(" |\n");
    sb.append("| unchanged links | ").append(s.unchanged()).append(" |\n\n");
    String takeover = TextRenderer.takeoverWarning(plan.tenant());
    if (takeover != null) {
      sb.append("> [!WARNING]\n> ").append(takeover).append("\n\n");
    }

    sb.append("| | |\n| --- | --- |\n");
    sb.append("| tenant | ").append(cell(TextRenderer.tenant(plan.tenant()))).append(" |\n");
    sb.append("| directory | ")
        .append(code(plan.directory().url()))
        .append(' ')
        .append(code(plan.directory().baseDn()))
        .append(" |\n");
    sb.append("| source | ")
        .append(code(plan.source().path()))
        .append(" (sha256 ")
        .append(code(plan.source().sha256()))
        .append(") |\n");
    sb.append("| digest | ").append(code(plan.digest())).append(" |\n");
    if (plan.createdAt() != null) {
      sb.append("| created | ")
          .append(cell(plan.createdAt()))
          .append(" by hardmatch ")
          .append(cell(plan.toolVersion()))
          .append(" |\n");
    }
  }

  private static void renderChange(StringBuilder sb, LinkPlan link) {
    sb.append("\n#### ")
        .append(code(link.sam()))
        .append(" → ")
        .append(code(link.upn()))
        .append("\n\n");
    sb.append("Anchor: ")
        .append(link.anchor().attribute())
        .append(' ')
        .append(code(link.anchor().guid()))
        .append(" = ImmutableId ")
        .append(code(link.anchor().immutableId()))
        .append("\n\n");
    sb.append("| | action | object | UPN | detail |\n| --- | --- | --- | --- | --- |\n");
    for (Action a : link.actions()) {
      sb.append(row(a)).append('\n');
    }
    if (!link.warnings().isEmpty()) {
      sb.append('\n');
      for (String w : link.warnings()) {
        sb.append("- **warning:** ").append(inline(w)).append('\n');
      }
    }
    if (!link.syncImpact().isEmpty()) {
      sb.append("\n<details><summary>The next sync overwrites ")
          .append(link.syncImpact().size())
          .append(link.syncImpact().size() == 1 ? " attribute" : " attributes")
          .append(" from AD</summary>\n\n");
      for (String s : link.syncImpact()) {
        sb.append("- ").append(inline(s)).append('\n');
      }
      sb.append("\n</details>\n");
    }
  }

  static String row(Action a) {
    if (a instanceof DeleteUser d) {
      return "| `-` | delete user | "
          + code(d.objectId())
          + " | "
          + code(d.userPrincipalName())
          + " | "
          + cell(TextRenderer.facts(d.expect()))
          + " |";
    }
    if (a instanceof PurgeDeletedUser p) {
      return "| `x` | purge from recycle bin | "
          + code(p.objectId())
          + " | "
          + code(p.userPrincipalName())
          + " | permanent |";
    }
    if (a instanceof SetImmutableId s) {
      return "| `~` | set ImmutableId | "
          + code(s.objectId())
          + " | "
          + code(s.userPrincipalName())
          + " | "
          + (s.from() == null ? "(none)" : code(s.from()))
          + " → "
          + code(s.to())
          + " |";
    }
    SetAdUpn u = (SetAdUpn) a;
    return "| `~` | set AD UPN | "
        + code(u.dn())
        + " | "
        + (u.from() == null ? "(none)" : code(u.from()))
        + " | → "
        + code(u.to())
        + " |";
  }

  /**
   * Problems as a Markdown table (for a pull-request comment on a refused plan), at most {@link
   * #BUDGET} characters: the rows that fit, then how many more there are.
   */
  public String renderProblems(List<Problem> problems) {
    return renderProblems(problems, BUDGET);
  }

  /** Every problem, however long. */
  public String renderProblemsFull(List<Problem> problems) {
    return renderProblems(problems, Integer.MAX_VALUE);
  }

  private static String renderProblems(List<Problem> problems, int limit) {
    StringBuilder sb = new StringBuilder("## hardmatch plan: ");
    sb.append(problems.size())
        .append(problems.size() == 1 ? " problem" : " problems")
        .append(", no plan written\n\n");
    sb.append("| code | sam | UPN | message |\n| --- | --- | --- | --- |\n");
    for (int i = 0; i < problems.size(); i++) {
      Problem p = problems.get(i);
      String row =
          "| "
              + code(p.code().name())
              + " | "
              + (p.sam() == null ? "" : code(p.sam()))
              + " | "
              + (p.upn() == null ? "" : code(p.upn()))
              + " | "
              + cell(p.message())
              + " |\n";
      if (sb.length() + row.length() + MarkdownDigest.MORE_LINE_ROOM > limit) {
        sb.append('\n')
            .append(MarkdownDigest.more(problems.size() - i, "problem", "problems"))
            .append(" Run `hardmatch plan` with `--format text` or `--format markdown-full` to")
            .append(" see every one.\n");
        break;
      }
      sb.append(row);
    }
    return sb.toString();
  }

  /** A value as inline code, safe inside a table cell. */
  static String code(String s) {
    if (s == null) {
      return "(none)";
    }
    String v = s.replace("|", "\\|").replace("\n", " ");
    return v.contains("`") ? "`` " + v + " ``" : "`" + v + "`";
  }

  static String cell(String s) {
    return s == null ? "" : inline(s).replace("|", "\\|");
  }

  /** Plain text that must not turn into Markdown or HTML by accident. */
  static String inline(String s) {
    return s.replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;");
  }
}
