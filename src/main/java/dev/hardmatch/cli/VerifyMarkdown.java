package dev.hardmatch.cli;

import dev.hardmatch.verify.Verifying;

/** {@code verify --format markdown}: the report as a ticket comment (summary, then a table). */
final class VerifyMarkdown {
  private VerifyMarkdown() {}

  static String render(Verifying.Report report, String file) {
    Verifying.Summary sum = report.summary();
    StringBuilder md = new StringBuilder();
    md.append("### hardmatch verify: `").append(cell(file)).append("`\n\n");
    md.append(
            sum.broken() > 0
                ? "**Broken links: " + sum.broken() + ".**"
                : report.allLinked() ? "**Every link is in effect.**" : "**Not done yet.**")
        .append(' ')
        .append(VerifyCommand.counts(sum))
        .append(".\n\n");
    md.append("| SAM | UPN | State | Reason |\n| --- | --- | --- | --- |\n");
    for (Verifying.LinkState s : report.links()) {
      md.append("| ")
          .append(cell(s.sam()))
          .append(" | ")
          .append(cell(s.upn()))
          .append(" | ")
          .append(s.state().text())
          .append(" | ")
          .append(s.reason() == null ? "" : cell(s.reason()))
          .append(" |\n");
    }
    return md.toString();
  }

  /** Table-safe: pipes escaped, no line breaks, no HTML. */
  private static String cell(String text) {
    return text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('\n', ' ')
        .replace('\r', ' ');
  }
}
