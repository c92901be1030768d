package dev.hardmatch.plan;

import java.util.List;

/**
 * The output formats of {@code plan} and {@code show}: one place that picks the renderer. On the
 * command line an underscore is written as a dash ({@code markdown-full}).
 */
public enum PlanFormat {
  TEXT,
  JSON,
  /** For a pull-request comment: fits one GitHub comment at any plan size. */
  MARKDOWN,
  /** The complete Markdown, however long. */
  MARKDOWN_FULL,
  /** One row per action, for change tickets. */
  CSV;

  /** The plan in this format; colour applies to text only. */
  public String render(Plan plan, boolean colour) {
    return switch (this) {
      case TEXT -> new TextRenderer(colour).render(plan);
      case JSON -> PlanFile.write(plan);
      case MARKDOWN -> new MarkdownRenderer().render(plan);
      case MARKDOWN_FULL -> new MarkdownRenderer().renderFull(plan);
      case CSV -> CsvRenderer.render(plan);
    };
  }

  /** Problems of a refused plan in this format. */
  public String renderProblems(List<Problem> problems, boolean colour) {
    return switch (this) {
      case TEXT -> new TextRenderer(colour).renderProblems(problems);
      case JSON -> PlanFile.writeProblems(problems);
      case MARKDOWN -> new MarkdownRenderer().renderProblems(problems);
      case MARKDOWN_FULL -> new MarkdownRenderer().renderProblemsFull(problems);
      case CSV -> CsvRenderer.renderProblems(problems);
    };
  }
}
