package dev.hardmatch.spec;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Adds links to the text of a valid links file without touching anything else: its comments, its
 * order, its line breaks. New entries go after the last link, each as a one-line flow mapping
 * ({@code - { sam: johns, upn: john.smith@contoso.com }}), optionally preceded by comment lines or
 * itself commented out.
 */
public final class LinksEditor {
  /** Plain scalars that need no quotes in a flow mapping; anything else is double-quoted. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._@'()$-]*");

  private static final Resolver RESOLVER = new Resolver();

  private LinksEditor() {}

  /**
   * One link to add.
   *
   * @param comments lines shown above it (without {@code #})
   * @param adUpn {@code match}, {@code keep} or null
   * @param active false: written commented out, for a reviewer to uncomment
   */
  public record Entry(List<String> comments, String sam, String upn, String adUpn, boolean active) {
    public Entry {
      comments = List.copyOf(comments);
    }
  }

  /**
   * The edited text.
   *
   * @param lines the 1-based line of each entry's link in {@code text}, in the order given
   */
  public record Edit(String text, List<Integer> lines) {}

  /**
   * Appends {@code entries} to the links list of {@code text}, which must be a links file that
   * {@link LinksLoader} accepts (an empty {@code links: []} included).
   */
  public static Edit append(String text, List<Entry> entries) {
    String bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
    String body = text.substring(bom.length());
    String nl = body.contains("\r\n") ? "\r\n" : "\n";
    SequenceNode links = linksNode(body);
    Edit edit;
    if (links.getFlowStyle() == FlowStyle.FLOW && !links.getValue().isEmpty()) {
      edit = intoFlow(body, links, entries, nl);
    } else {
      edit = intoBlock(body, links, entries, nl);
    }
    return new Edit(bom + edit.text(), edit.lines());
  }

  /** {@code { sam: johns, upn: john.smith@contoso.com }}, quoting values where YAML needs it. */
  public static String flow(String sam, String upn, String adUpn) {
    return "{ sam: "
        + scalar(sam)
        + ", upn: "
        + scalar(upn)
        + (adUpn == null ? "" : ", adUpn: " + scalar(adUpn))
        + " }";
  }

  /** A value as a YAML scalar that reads back as exactly this string. */
  static String scalar(String value) {
    if (PLAIN.matcher(value).matches()
        && RESOLVER.resolve(org.yaml.snakeyaml.nodes.NodeId.scalar, value, true).equals(Tag.STR)) {
      return value;
    }
    StringBuilder sb = new StringBuilder("\"");
    value
        .codePoints()
        .forEach(
            cp -> {
              if (cp == '"' || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
              } else if (cp < 0x20 || cp == 0x7f) {
                sb.append(String.format("\\x%02X", cp));
              } else {
                sb.appendCodePoint(cp);
              }
            });
    return sb.append('"').toString();
  }

  private static SequenceNode linksNode(String body) {
    LoaderOptions options = new LoaderOptions();
    options.setProcessComments(false);
    // SnakeYAML stops at 3 MiB by default; a links file may be as large as the loader reads.
    options.setCodePointLimit((int) LinksLoader.MAX_BYTES);
    Node root = new Yaml(options).compose(new StringReader(body));
    if (root instanceof MappingNode map) {
      for (NodeTuple t : map.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k
            && k.getValue().equals("links")
            && t.getValueNode() instanceof SequenceNode s) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException("not a links file: no links list");
  }

  /** Block list (or an empty {@code []}): new lines after the last link, at the list's indent. */
  private static Edit intoBlock(String body, SequenceNode links, List<Entry> entries, String nl) {
    String indent = "  ";
    String text = body;
    int insertAt;
    if (links.getValue().isEmpty()) {
      // links: [] → links:, then the new block list below (a trailing comment stays where it was).
      String prefix = body.substring(0, index(body, links.getStartMark())).stripTrailing();
      String suffix = body.substring(index(body, links.getEndMark()));
      if (suffix.startsWith("#")) {
        suffix = " " + suffix;
      }
      text = prefix + suffix;
      insertAt = prefix.length() + lineEnd(suffix, 0);
    } else {
      Node first = links.getValue().get(0);
      String firstLine = lineOf(body, index(body, first.getStartMark()));
      indent = firstLine.substring(0, Math.max(0, firstLine.indexOf('-')));
      Node last = links.getValue().get(links.getValue().size() - 1);
      insertAt = lineEnd(body, contentEnd(body, last) - 1);
    }
    String head = text.substring(0, insertAt);
    StringBuilder add = new StringBuilder(head);
    if (!head.isEmpty() && !head.endsWith("\n") && !head.endsWith("\r")) {
      add.append(nl);
    }
    List<Integer> offsets = new ArrayList<>();
    for (Entry e : entries) {
      for (String c : e.comments()) {
        add.append(indent).append("# ").append(oneLine(c)).append(nl);
      }
      offsets.add(add.length());
      add.append(indent)
          .append(e.active() ? "- " : "# - ")
          .append(flow(e.sam(), e.upn(), e.adUpn()))
          .append(nl);
    }
    String result = add + text.substring(insertAt);
    return new Edit(result, lines(result, offsets));
  }

  /** A non-empty flow list: new items before its closing bracket, one per line. */
  private static Edit intoFlow(String body, SequenceNode links, List<Entry> entries, String nl) {
    Node last = links.getValue().get(links.getValue().size() - 1);
    int insertAt = contentEnd(body, last);
    StringBuilder add = new StringBuilder(body.substring(0, insertAt));
    List<Integer> offsets = new ArrayList<>();
    for (Entry e : entries) {
      if (e.active()) {
        add.append(',');
      }
      for (String c : e.comments()) {
        add.append(nl).append("  # ").append(oneLine(c));
      }
      add.append(nl);
      offsets.add(add.length());
      add.append(e.active() ? "  " : "  # ").append(flow(e.sam(), e.upn(), e.adUpn()));
    }
    if (!entries.isEmpty() && !entries.get(entries.size() - 1).active()) {
      add.append(nl); // the closing bracket must not end up inside the last comment
    }
    String result = add + body.substring(insertAt);
    return new Edit(result, lines(result, offsets));
  }

  private static List<Integer> lines(String text, List<Integer> offsets) {
    List<Integer> lines = new ArrayList<>();
    for (int offset : offsets) {
      lines.add(lineCount(text.substring(0, offset)));
    }
    return lines;
  }

  /**
   * Where a node's own text ends: block collections end at their last value, not the next token.
   */
  private static int contentEnd(String body, Node node) {
    if (node instanceof ScalarNode || flow(node)) {
      return index(body, node.getEndMark());
    }
    int end = index(body, node.getStartMark()) + 1;
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        end = Math.max(end, contentEnd(body, t.getValueNode()));
        end = Math.max(end, contentEnd(body, t.getKeyNode()));
      }
    } else if (node instanceof SequenceNode s) {
      for (Node n : s.getValue()) {
        end = Math.max(end, contentEnd(body, n));
      }
    }
    return end;
  }

  private static boolean flow(Node node) {
    return (node instanceof MappingNode m && m.getFlowStyle() == FlowStyle.FLOW)
        || (node instanceof SequenceNode s && s.getFlowStyle() == FlowStyle.FLOW);
  }

  /** A mark's code-point index as a char index into {@code body}. */
  private static int index(String body, Mark mark) {
    return body.offsetByCodePoints(
        0, Math.min(mark.getIndex(), body.codePointCount(0, body.length())));
  }

  /** The index just after the line break that ends the line holding {@code at} (or the end). */
  private static int lineEnd(String body, int at) {
    int i = Math.max(0, at);
    while (i < body.length() && body.charAt(i) != '\n' && body.charAt(i) != '\r') {
      i++;
    }
    if (i < body.length() && body.charAt(i) == '\r') {
      i++;
    }
    if (i < body.length() && body.charAt(i) == '\n') {
      i++;
    }
    return i;
  }

  private static String lineOf(String body, int at) {
    int start = at;
    while (start > 0 && body.charAt(start - 1) != '\n' && body.charAt(start - 1) != '\r') {
      start--;
    }
    return body.substring(start, at);
  }

  /** The 1-based number of the line that starts at the end of {@code head}. */
  private static int lineCount(String head) {
    int n = 1;
    for (int i = 0; i < head.length(); i++) {
      char c = head.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= head.length() || head.charAt(i + 1) != '\n'))) {
        n++;
      }
    }
    return n;
  }

  /** Comments are one line each; control characters would end them early or garble them. */
  private static String oneLine(String s) {
    return s.replaceAll("[\\p{Cntrl}\u0085\u2028\u2029]+", " ").stripTrailing();
  }
}
