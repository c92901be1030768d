package dev.hardmatch.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One hardmatch line of a pipeline template, as the shell would run it: the arguments after
 * "hardmatch" with the template's variables expanded, where stdout ({@code >}) and stderr ({@code
 * 2>}) go, and whether "|| test $? -eq 2" lets pending-sync (exit 2) pass. Anything else after
 * {@code ||} (e.g. "|| status=$?", "|| exit 1") only decides what the script does next.
 */
record TemplateInvocation(
    List<String> args, String stdoutFile, String stderrFile, boolean pendingAllowed) {

  static TemplateInvocation parse(String line, Map<String, String> vars) {
    boolean pending = line.contains("|| test $? -eq 2");
    String cmd = line.contains("||") ? line.substring(0, line.indexOf("||")).trim() : line;
    List<String> words = words(cmd, vars);
    String out = null;
    String err = null;
    List<String> args = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (w.equals(">")) {
        out = words.get(++i);
      } else if (w.equals("2>")) {
        err = words.get(++i);
      } else {
        args.add(w);
      }
    }
    return new TemplateInvocation(args.subList(1, args.size()), out, err, pending);
  }

  private static List<String> words(String cmd, Map<String, String> vars) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < cmd.length(); i++) {
      char c = cmd.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (any) {
          words.add(w.toString());
        }
        w.setLength(0);
        any = false;
      } else if (c == '$' && !cmd.startsWith("$?", i)) {
        int end = i + 1;
        while (end < cmd.length()
            && (Character.isLetterOrDigit(cmd.charAt(end)) || cmd.charAt(end) == '_')) {
          end++;
        }
        String name = cmd.substring(i + 1, end);
        String value = vars.get(name);
        if (value == null) {
          throw new AssertionError("template uses $" + name + " which the test does not know");
        }
        w.append(value);
        any = true;
        i = end - 1;
      } else {
        w.append(c);
        any = true;
      }
    }
    if (any) {
      words.add(w.toString());
    }
    return words;
  }
}
