package dev.hardmatch.plan;

import java.util.List;

/** The output formats of {@code plan} and {@code show}: one place that picks the renderer. */
public enum PlanFormat {
  TEXT,
  JSON,
  MARKDOWN;

  /** The plan in this format; colour applies to text only. */
  public String render(Plan plan, boolean colour) {
    return switch (this) {
      case TEXT -> new TextRenderer(colour).render(plan);
      case JSON -> PlanFile.write(plan);
      case MARKDOWN -> new MarkdownRenderer().render(plan);
    };
  }

  /** Problems of a refused plan in this format. */
  public String renderProblems(List<Problem> problems, boolean colour) {
    return switch (this) {
      case TEXT -> new TextRenderer(colour).renderProblems(problems);
      case JSON -> PlanFile.writeProblems(problems);
      case MARKDOWN -> new MarkdownRenderer().renderProblems(problems);
    };
  }
}
