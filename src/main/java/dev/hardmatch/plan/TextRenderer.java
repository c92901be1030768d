package dev.hardmatch.plan;

import dev.hardmatch.tenant.HardMatchTakeover;
import java.util.List;

/**
 * Renders a plan for a terminal, in the manner of Terraform: one block per link with a symbol per
 * action ({@code -} delete, {@code x} purge, {@code ~} change), then one summary line. ANSI colour
 * only when asked for (the CLI decides: a terminal, no NO_COLOR, no --no-color).
 */
public final class TextRenderer {
  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final String DIM = "\u001b[2m";
  private static final String RED = "\u001b[31m";
  private static final String GREEN = "\u001b[32m";
  private static final String YELLOW = "\u001b[33m";

  private final boolean colour;

  public TextRenderer(boolean colour) {
    this.colour = colour;
  }

  /** The plan, ending with its summary line and a newline. */
  public String render(Plan plan) {
    StringBuilder sb = new StringBuilder();
    sb.append(paint(BOLD, "hardmatch plan"))
        .append(" for tenant ")
        .append(tenant(plan.tenant()))
        .append('\n');
    sb.append("  source:    ").append(plan.source().path()).append('\n');
    sb.append("  directory: ")
        .append(plan.directory().url())
        .append(' ')
        .append(plan.directory().baseDn())
        .append('\n');
    if (plan.digest() != null) {
      sb.append("  digest:    ").append(plan.digest()).append('\n');
    }
    String takeover = takeoverWarning(plan.tenant());
    if (takeover != null) {
      sb.append('\n').append(paint(BOLD + YELLOW, "  WARNING: " + takeover)).append('\n');
    }
    for (LinkPlan link : plan.links()) {
      if (!link.actions().isEmpty()) {
        sb.append('\n');
        renderChange(sb, link);
      }
    }
    boolean first = true;
    for (LinkPlan link : plan.links()) {
      if (link.actions().isEmpty()) {
        if (first) {
          sb.append('\n');
          first = false;
        }
        sb.append(paint(DIM, "  = " + link.sam() + " → " + link.upn()))
            .append(
                paint(
                    DIM,
                    " already linked"
                        + (link.synced() ? " (synced)" : " (waiting for the next sync)")))
            .append('\n');
        for (String w : link.warnings()) {
          sb.append("      ").append(paint(YELLOW, "warning: ")).append(w).append('\n');
        }
      }
    }
    sb.append('\n').append(paint(BOLD, summaryLine(plan.summary()))).append('\n');
    ApplyEstimate estimate = ApplyEstimate.of(plan);
    if (estimate.quotaBound()) {
      sb.append(estimate.line()).append('\n');
    }
    return sb.toString();
  }

  private void renderChange(StringBuilder sb, LinkPlan link) {
    sb.append(paint(BOLD, "  # " + link.sam() + " → " + link.upn()))
        .append(" will be ")
        .append(hasAnchorChange(link) ? "linked" : "updated")
        .append('\n');
    sb.append("      anchor ")
        .append(link.anchor().attribute())
        .append(' ')
        .append(link.anchor().guid())
        .append(" = ")
        .append(link.anchor().immutableId())
        .append('\n');
    for (Action a : link.actions()) {
      sb.append("    ").append(line(a)).append('\n');
    }
    for (String w : link.warnings()) {
      sb.append("      ").append(paint(YELLOW, "warning: ")).append(w).append('\n');
    }
    if (!link.syncImpact().isEmpty()) {
      sb.append("      the next sync overwrites from AD:\n");
      for (String s : link.syncImpact()) {
        sb.append("        ").append(s).append('\n');
      }
    }
  }

  private static boolean hasAnchorChange(LinkPlan link) {
    return link.actions().stream().anyMatch(a -> a instanceof SetImmutableId);
  }

  private String line(Action a) {
    if (a instanceof DeleteUser d) {
      return paint(RED, "-")
          + " delete user "
          + d.userPrincipalName()
          + " (id "
          + d.objectId()
          + ", "
          + facts(d.expect())
          + ")";
    }
    if (a instanceof PurgeDeletedUser p) {
      return paint(RED, "x")
          + " purge "
          + p.userPrincipalName()
          + " (id "
          + p.objectId()
          + ") from the recycle bin, for good";
    }
    if (a instanceof SetImmutableId s) {
      return paint(YELLOW, "~")
          + " set ImmutableId of "
          + s.userPrincipalName()
          + " (id "
          + s.objectId()
          + "): "
          + (s.from() == null ? "(none)" : s.from())
          + " → "
          + paint(GREEN, s.to());
    }
    SetAdUpn u = (SetAdUpn) a;
    return paint(YELLOW, "~")
        + " set AD UPN of "
        + u.dn()
        + ": "
        + (u.from() == null ? "(none)" : u.from())
        + " → "
        + paint(GREEN, u.to());
  }

  static String facts(Expect e) {
    if (e == null) {
      return "";
    }
    return (Boolean.TRUE.equals(e.onPremisesSyncEnabled()) ? "synced" : "cloud-only")
        + ", "
        + (e.assignedLicenses() == null || e.assignedLicenses().isEmpty()
            ? "no licenses"
            : "licenses: " + String.join(", ", e.assignedLicenses()));
  }

  /**
   * The warning a reviewer must not miss when plan could not read the takeover window (an
   * application credential cannot), or null.
   */
  static String takeoverWarning(Plan.TenantRef t) {
    if (t.hardMatchTakeover() != HardMatchTakeover.UNKNOWN) {
      return null;
    }
    return "the hard-match takeover window could not be read (it needs a Global"
        + " Administrator's delegated sign-in): if the tenant blocks hard matches, no link takes"
        + " effect at the next sync — check with `hardmatch takeover status`, open it with"
        + " `hardmatch takeover open` before apply and close it after the sync";
  }

  static String tenant(Plan.TenantRef t) {
    return t.displayName() == null ? t.id() : t.displayName() + " (" + t.id() + ")";
  }

  /**
   * "Plan: 2 to delete, 3 to purge, 4 to link, 5 unchanged." (with ", 1 AD UPN to rewrite" when
   * any), or "No changes. 5 links already linked." when there is nothing to do.
   */
  public static String summaryLine(Plan.Summary s) {
    if (s.deleteUser() + s.purgeDeletedUser() + s.setImmutableId() + s.setAdUpn() == 0) {
      return "No changes. "
          + s.unchanged()
          + (s.unchanged() == 1 ? " link" : " links")
          + " already linked.";
    }
    StringBuilder sb =
        new StringBuilder("Plan: ")
            .append(s.deleteUser())
            .append(" to delete, ")
            .append(s.purgeDeletedUser())
            .append(" to purge, ")
            .append(s.setImmutableId())
            .append(" to link, ")
            .append(s.unchanged())
            .append(" unchanged");
    if (s.setAdUpn() > 0) {
      sb.append(", ")
          .append(s.setAdUpn())
          .append(s.setAdUpn() == 1 ? " AD UPN" : " AD UPNs")
          .append(" to rewrite");
    }
    return sb.append('.').toString();
  }

  /** Every problem as {@code error[CODE] sam → upn: message}, then the count. */
  public String renderProblems(List<Problem> problems) {
    StringBuilder sb = new StringBuilder();
    for (Problem p : problems) {
      sb.append(paint(RED, "error[" + p.code() + "]"));
      if (p.sam() != null || p.upn() != null) {
        sb.append(' ')
            .append(p.sam() == null ? "?" : p.sam())
            .append(" → ")
            .append(p.upn() == null ? "?" : p.upn());
      }
      sb.append(": ").append(p.message()).append('\n');
    }
    sb.append(problems.size())
        .append(problems.size() == 1 ? " problem" : " problems")
        .append(", no plan written\n");
    return sb.toString();
  }

  private String paint(String code, String text) {
    return colour ? code + text + RESET : text;
  }
}
