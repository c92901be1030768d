package dev.hardmatch.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Builds a Jackson tree from SnakeYAML's parse events and remembers where every value and key came
 * from. Composing from events ourselves (rather than SnakeYAML's composer) gives every problem a
 * location: duplicate keys (all of them, not just the first), aliases that blow up ("billion
 * laughs"), nesting too deep, a second document. Secret-looking keys are found here too, because
 * here each key is seen exactly once and its value can be masked in excerpts.
 */
final class YamlTree {
  /** Deeper than any sane links file (the deepest legal value sits at depth 4). */
  static final int MAX_DEPTH = 32;

  /** Aliases of mappings and lists: a links file needs few, if any. */
  static final int MAX_COLLECTION_ALIASES = 50;

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A URL with a user name (and maybe a password) before its host: {@code ldaps://u:p@host}. */
  private static final Pattern USER_INFO = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/@]*@");

  /** The root value; null when the file is empty or could not be parsed. */
  final JsonNode root;

  /** JSON pointer → where its value starts. */
  final Map<String, Loc> values;

  /** JSON pointer → where its key is (members of mappings only). */
  final Map<String, Loc> keys;

  /** JSON pointer → the text of a plain scalar that YAML read as something else (no → false). */
  final Map<String, String> plainText;

  private YamlTree(
      JsonNode root,
      Map<String, Loc> values,
      Map<String, Loc> keys,
      Map<String, String> plainText) {
    this.root = root;
    this.values = values;
    this.keys = keys;
    this.plainText = plainText;
  }

  /** Where to point for a pointer: its value, else the nearest ancestor recorded, else 1:1. */
  Loc locate(String pointer) {
    String p = pointer;
    while (true) {
      Loc l = values.get(p);
      if (l != null) {
        return l;
      }
      if (p.isEmpty()) {
        return Loc.START;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  /** Where to point for a key; falls back to its value. */
  Loc locateKey(String pointer) {
    Loc l = keys.get(pointer);
    return l != null ? l : locate(pointer);
  }

  /** Thrown to stop composing after a finding that makes the rest meaningless. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stop() {
      super(null, null, false, false);
    }
  }

  static YamlTree parse(SourceText source, int maxExpandedNodes, Findings findings) {
    Composer c = new Composer(source, maxExpandedNodes, findings);
    JsonNode root = null;
    try {
      root = c.document();
    } catch (Stop stop) {
      root = null;
    } catch (MarkedYAMLException e) {
      c.syntaxError(e);
      root = null;
    } catch (YAMLException e) {
      // Limits SnakeYAML enforces without a mark; ours normally trigger first.
      findings.add(
          Loc.START, "", "the file could not be read as YAML: " + e.getMessage(), "check it");
      root = null;
    }
    return new YamlTree(root, c.values, c.keys, c.plainText);
  }

  private static final class Composer {
    private final SourceText source;
    private final Findings findings;
    private final Parser parser;
    private final Resolver resolver = new Resolver();
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Map<String, Loc> values = new HashMap<>();
    private final Map<String, Loc> keys = new HashMap<>();
    private final Map<String, String> plainText = new HashMap<>();
    private final Map<String, JsonNode> anchors = new HashMap<>();
    private final Set<String> openAnchors = new HashSet<>();
    private final Map<JsonNode, Long> anchoredSize = new IdentityHashMap<>();
    private final long maxExpanded;
    private long expanded;
    private int collectionAliases;
    private Mark lastEnd; // end of the value composed last

    Composer(SourceText source, int maxExpandedNodes, Findings findings) {
      this.source = source;
      this.findings = findings;
      this.maxExpanded = maxExpandedNodes;
      LoaderOptions options = new LoaderOptions();
      options.setCodePointLimit(Integer.MAX_VALUE);
      options.setNestingDepthLimit(MAX_DEPTH + 8);
      options.setAllowDuplicateKeys(true); // we report duplicates ourselves, with locations
      this.parser = new ParserImpl(new StreamReader(new StringReader(source.text())), options);
    }

    JsonNode document() {
      expect(Event.ID.StreamStart);
      if (parser.checkEvent(Event.ID.StreamEnd)) {
        return null;
      }
      expect(Event.ID.DocumentStart);
      JsonNode root = node(parser.getEvent(), "", 0, true);
      expect(Event.ID.DocumentEnd);
      if (parser.checkEvent(Event.ID.DocumentStart)) {
        Event second = parser.getEvent();
        findings.add(
            Loc.of(second.getStartMark()),
            "",
            "a second YAML document starts here; a links file holds exactly one",
            "remove this '---' line and everything after it, or merge the two documents");
        throw new Stop();
      }
      return root;
    }

    private void expect(Event.ID id) {
      Event e = parser.getEvent();
      if (!e.is(id)) {
        throw new IllegalStateException("YAML parser gave " + e + " where " + id + " belongs");
      }
    }

    /**
     * Composes the value that starts with {@code e}. With {@code record} false (the value of a
     * duplicate key) events are consumed but nothing is remembered.
     */
    private JsonNode node(Event e, String pointer, int depth, boolean record) {
      Loc loc = Loc.of(e.getStartMark());
      if (record) {
        values.put(pointer, loc);
      }
      if (e instanceof AliasEvent alias) {
        lastEnd = e.getEndMark();
        return alias(alias, loc);
      }
      String anchor = ((NodeEvent) e).getAnchor();
      if (anchor != null) {
        openAnchors.add(anchor);
      }
      long before = expanded;
      JsonNode result;
      if (e instanceof ScalarEvent scalar) {
        expanded++;
        lastEnd = e.getEndMark();
        result = scalar(scalar, loc, pointer);
        if (record && !result.isTextual()) {
          plainText.put(pointer, scalar.getValue());
        }
      } else if (e instanceof CollectionStartEvent) {
        if (depth >= MAX_DEPTH) {
          findings.add(
              loc,
              pointer,
              "values are nested more than " + MAX_DEPTH + " levels deep",
              "a links file is at most 4 levels deep; remove the extra nesting");
          throw new Stop();
        }
        expanded++;
        result =
            e.is(Event.ID.MappingStart)
                ? mapping(pointer, depth, record)
                : sequence(pointer, depth, record);
      } else {
        throw new IllegalStateException("unexpected YAML event " + e);
      }
      if (anchor != null) {
        openAnchors.remove(anchor);
        anchors.put(anchor, result);
        anchoredSize.put(result, expanded - before);
      }
      return result;
    }

    private JsonNode alias(AliasEvent alias, Loc loc) {
      String name = alias.getAnchor();
      JsonNode target = anchors.get(name);
      if (target == null) {
        findings.add(
            loc,
            "",
            openAnchors.contains(name)
                ? "alias *" + name + " refers to the value that contains it (a cycle)"
                : "alias *" + name + " refers to no anchor &" + name,
            openAnchors.contains(name)
                ? "write the value out instead of referring to itself"
                : "define '&" + name + "' before using '*" + name + "', or write the value out");
        throw new Stop();
      }
      if (target.isContainerNode() && ++collectionAliases > MAX_COLLECTION_ALIASES) {
        findings.add(
            loc,
            "",
            "more than " + MAX_COLLECTION_ALIASES + " aliases of mappings or lists",
            "write the values out; hardmatch refuses alias-heavy files (a 'billion laughs'"
                + " attack looks like this)");
        throw new Stop();
      }
      expanded += anchoredSize.getOrDefault(target, 1L);
      if (expanded > maxExpanded) {
        findings.add(
            loc,
            "",
            "aliases expand this file to more than " + maxExpanded + " values",
            "write the values out instead of nesting aliases; this is how a 'billion laughs'"
                + " attack looks, so hardmatch stops here");
        throw new Stop();
      }
      return target;
    }

    private JsonNode mapping(String pointer, int depth, boolean record) {
      ObjectNode obj = nodes.objectNode();
      Map<String, Loc> firstKey = new HashMap<>();
      while (!parser.checkEvent(Event.ID.MappingEnd)) {
        Event keyEvent = parser.getEvent();
        Loc keyLoc = Loc.of(keyEvent.getStartMark());
        String key;
        if (keyEvent instanceof ScalarEvent s) {
          key = s.getValue();
        } else {
          findings.add(
              keyLoc,
              pointer,
              "a key must be plain text, not a "
                  + (keyEvent instanceof AliasEvent ? "alias" : "mapping or list"),
              "write 'name: value'");
          if (!(keyEvent instanceof AliasEvent)) {
            node(keyEvent, pointer, depth + 1, false);
          }
          node(parser.getEvent(), pointer, depth + 1, false);
          continue;
        }
        String child = Findings.child(pointer, key);
        Loc first = firstKey.putIfAbsent(key, keyLoc);
        boolean duplicate = first != null;
        if (duplicate && record) {
          findings.add(
              keyLoc,
              child,
              "duplicate key '" + key + "': it is already set on line " + first.line(),
              "remove one of the two; YAML would silently keep only one value");
        }
        boolean keep = record && !duplicate;
        if (keep) {
          keys.put(child, keyLoc);
        }
        Event valueEvent = parser.getEvent();
        boolean secret = checkSecret(key, keyLoc, child, valueEvent, pointer, record);
        JsonNode value = node(valueEvent, child, depth + 1, keep);
        if (secret) {
          source.mask(Loc.of(valueEvent.getStartMark()), Loc.of(lastEnd));
        }
        if (!duplicate) {
          obj.set(key, value);
        }
      }
      lastEnd = parser.getEvent().getEndMark();
      return obj;
    }

    private JsonNode sequence(String pointer, int depth, boolean record) {
      ArrayNode arr = nodes.arrayNode();
      int i = 0;
      while (!parser.checkEvent(Event.ID.SequenceEnd)) {
        arr.add(node(parser.getEvent(), Findings.child(pointer, i), depth + 1, record));
        i++;
      }
      lastEnd = parser.getEvent().getEndMark();
      return arr;
    }

    /**
     * A secret-looking key is reported at the key; returns whether its value must be masked in
     * every excerpt, so the secret is not repeated to a terminal or a CI log.
     */
    private boolean checkSecret(
        String key, Loc keyLoc, String child, Event value, String parent, boolean record) {
      boolean passwordSource =
          parent.equals("/directory/bind")
              && (key.equals("passwordEnv") || key.equals("passwordFile"));
      if (passwordSource) {
        // A passwordEnv that is not a variable name may be the password itself: never echo it.
        return key.equals("passwordEnv")
            && value instanceof ScalarEvent s
            && !ENV_NAME.matcher(s.getValue()).matches();
      }
      if (key.equals("url")
          && parent.equals("/directory")
          && value instanceof ScalarEvent s
          && USER_INFO.matcher(s.getValue()).find()) {
        return true; // ldaps://user:password@host: Rules reports it, excerpts never show it
      }
      if (!Secrets.looksSecret(key)) {
        return false;
      }
      if (record) {
        findings.add(
            keyLoc,
            child,
            "'" + key + "' looks like a secret, and secrets never live in links.yaml",
            "remove it (and rotate the secret if it was ever committed); the LDAP password comes"
                + " from bind.passwordEnv or bind.passwordFile, Graph credentials from"
                + " azure-identity");
      }
      return true;
    }

    private JsonNode scalar(ScalarEvent e, Loc loc, String pointer) {
      String v = e.getValue();
      String tag;
      if (e.getImplicit().canOmitTagInPlainScalar()) {
        tag = resolver.resolve(NodeId.scalar, v, true).getValue();
      } else if (e.getTag() == null || e.getTag().equals("!")) {
        tag = Tag.STR.getValue();
      } else {
        tag = e.getTag();
      }
      if (tag.equals(Tag.NULL.getValue())) {
        return nodes.nullNode();
      }
      if (tag.equals(Tag.BOOL.getValue())) {
        String b = v.toLowerCase(Locale.ROOT);
        if (b.equals("true") || b.equals("yes") || b.equals("on")) {
          return nodes.booleanNode(true);
        }
        if (b.equals("false") || b.equals("no") || b.equals("off")) {
          return nodes.booleanNode(false);
        }
        return nodes.textNode(v);
      }
      if (tag.equals(Tag.INT.getValue())) {
        try {
          BigInteger n = new BigInteger(v.replace("_", ""));
          return n.bitLength() < 63 ? nodes.numberNode(n.longValue()) : nodes.numberNode(n);
        } catch (NumberFormatException notDecimal) {
          return nodes.textNode(v); // 0x1F, 0o17, 1:30 and the like: let the schema complain
        }
      }
      if (tag.equals(Tag.FLOAT.getValue())) {
        try {
          return nodes.numberNode(new BigDecimal(v.replace("_", "")));
        } catch (NumberFormatException special) {
          return nodes.textNode(v);
        }
      }
      if (tag.equals(Tag.STR.getValue()) || tag.equals(Tag.TIMESTAMP.getValue())) {
        return nodes.textNode(v);
      }
      findings.add(
          loc,
          pointer,
          "the YAML tag " + tag + " is not supported here",
          "remove the tag and write the plain value");
      return nodes.textNode(v);
    }

    /** A parser or scanner error: where it is, what SnakeYAML says, and a likely way out. */
    void syntaxError(MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      if (e.getContextMark() != null
          && e.getProblem() != null
          && e.getProblem().contains("end of stream")) {
        mark = e.getContextMark(); // where the unclosed quote or bracket opened, not EOF
      }
      Loc loc = mark == null ? Loc.START : Loc.of(mark);
      String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem().trim();
      boolean parserBlamesTab = false;
      for (Loc tab : source.indentationTabs()) {
        findings.add(
            tab,
            "",
            "a tab is used for indentation; YAML indents with spaces only",
            "replace the tab with spaces (set your editor to insert spaces for YAML)");
        parserBlamesTab |= tab.line() == loc.line() || tab.line() == loc.line() - 1;
      }
      if (parserBlamesTab) {
        return; // the parser's complaint is about a tab: said better above
      }
      String context = e.getContext();
      String message = "YAML syntax error: " + problem;
      if (context != null && e.getContextMark() != null) {
        String what = context.trim().replaceFirst("^while (scanning|parsing) ", "");
        message =
            problem.contains("end of stream")
                ? "YAML syntax error: the file ends inside " + what + " that starts here"
                : message
                    + " (in "
                    + what
                    + " that starts on line "
                    + Loc.of(e.getContextMark()).line()
                    + ")";
      }
      findings.add(loc, "", message, syntaxFix(problem, context));
    }

    private static String syntaxFix(String problem, String context) {
      String p = problem.toLowerCase(Locale.ROOT);
      String c = context == null ? "" : context.toLowerCase(Locale.ROOT);
      if (p.contains("mapping values are not allowed")) {
        return "a value that contains ': ' must be quoted; otherwise check the indentation of"
            + " this line";
      }
      if (p.contains("could not find expected ':'")) {
        return "write 'key: value' with a space after the colon, or fix the indentation";
      }
      if (p.contains("expected <block end>")) {
        return "this line is indented differently from the lines it belongs with; align it";
      }
      if (p.contains("end of stream") && c.contains("quoted")) {
        return "a quote is opened but never closed; close it";
      }
      if (c.contains("flow")) {
        return "a '{' or '[' is not closed properly; check commas and brackets";
      }
      if (p.contains("cannot start any token")) {
        return "quote the value (characters like @, `, %, | or > cannot start a plain value)";
      }
      if (p.contains("alias") || p.contains("anchor")) {
        return "check the '&name' and '*name' on this line, or write the value out";
      }
      return "check indentation (spaces only), quotes and ': ' inside values near here";
    }
  }
}
