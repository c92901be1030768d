package dev.hardmatch;

/**
 * One located problem in an input file, printed as {@code file:line:column: field: message — fix}
 * on one line (line breaks in it are shown as {@code \n}). Line and column are 1-based; 0 means
 * unknown.
 *
 * @param excerpt the offending source line with a caret under the column, ready to print below the
 *     message (secrets masked); null when there is none
 */
public record Diagnostic(
    String file, int line, int column, String field, String message, String fix, String excerpt) {

  /** A diagnostic without a source excerpt. */
  public Diagnostic(String file, int line, int column, String field, String message, String fix) {
    this(file, line, column, field, message, fix, null);
  }

  public String format() {
    StringBuilder sb = new StringBuilder();
    sb.append(file == null ? "<input>" : file);
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    sb.append(": ");
    if (field != null && !field.isEmpty()) {
      sb.append(field).append(": ");
    }
    sb.append(message);
    if (fix != null && !fix.isEmpty()) {
      sb.append(" — ").append(fix);
    }
    // One line, whatever a quoted value held (a YAML block scalar, a CSV cell with a line break).
    return sb.toString().replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r");
  }
}
