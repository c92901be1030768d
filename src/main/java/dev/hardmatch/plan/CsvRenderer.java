package dev.hardmatch.plan;

import java.util.List;

/**
 * A plan as CSV for change tickets ({@code show --format csv}): a header, then one row per action
 * in execution order. RFC 4180: CRLF between records, a field quoted when it holds a comma, a quote
 * or a line break, quotes inside doubled.
 */
final class CsvRenderer {
  static final String HEADER =
      "step,sam,upn,action,destructive,object,object_upn,from,to,expected_state";

  private CsvRenderer() {}

  static String render(Plan plan) {
    StringBuilder sb = new StringBuilder(HEADER).append("\r\n");
    int step = 0;
    for (LinkPlan l : plan.links()) {
      for (Action a : l.actions()) {
        step++;
        row(sb, String.valueOf(step), l.sam(), l.upn(), a.type(), String.valueOf(a.destructive()));
        sb.append(',');
        fields(sb, a);
        sb.append("\r\n");
      }
    }
    return sb.toString();
  }

  static String renderProblems(List<Problem> problems) {
    StringBuilder sb = new StringBuilder("code,sam,upn,message\r\n");
    for (Problem p : problems) {
      row(sb, p.code().name(), p.sam(), p.upn(), p.message());
      sb.append("\r\n");
    }
    return sb.toString();
  }

  private static void fields(StringBuilder sb, Action a) {
    switch (a.type()) {
      case "deleteUser" -> {
        DeleteUser d = (DeleteUser) a;
        row(sb, d.objectId(), d.userPrincipalName(), "", "", facts(d.expect()));
      }
      case "purgeDeletedUser" -> {
        PurgeDeletedUser p = (PurgeDeletedUser) a;
        row(sb, p.objectId(), p.userPrincipalName(), "", "", facts(p.expect()));
      }
      case "setImmutableId" -> {
        SetImmutableId s = (SetImmutableId) a;
        row(sb, s.objectId(), s.userPrincipalName(), s.from(), s.to(), facts(s.expect()));
      }
      default -> {
        SetAdUpn u = (SetAdUpn) a;
        row(sb, u.dn(), u.from(), u.from(), u.to(), "");
      }
    }
  }

  private static String facts(Expect e) {
    return e == null ? "" : TextRenderer.facts(e);
  }

  /** Appends the values as quoted-when-needed fields, separated by commas. */
  private static void row(StringBuilder sb, String... values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(field(values[i]));
    }
  }

  static String field(String v) {
    if (v == null) {
      return "";
    }
    boolean quote =
        v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }
}
