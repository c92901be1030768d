package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code $filter} subset Graph's directory supports for hardmatch's lookups: a disjunction of
 * {@code prop eq 'v'} and {@code prop in ('a','b')} clauses joined with {@code or}, optionally
 * parenthesised. String literals are single-quoted with {@code ''} for a quote; {@code null} is a
 * literal too.
 */
final class ODataFilter {

  /** One clause: the property matches any of the values. */
  record Clause(String property, List<String> values) {}

  private final List<Clause> clauses;

  private ODataFilter(List<Clause> clauses) {
    this.clauses = List.copyOf(clauses);
  }

  List<Clause> clauses() {
    return clauses;
  }

  /**
   * The filter's only clause when it compares one of {@code properties} with non-null values (an
   * index can answer it), else null.
   */
  Clause indexable(Set<String> properties) {
    if (clauses.size() != 1) {
      return null;
    }
    Clause c = clauses.get(0);
    for (String v : c.values()) {
      if (v == null) {
        return null;
      }
    }
    return properties.contains(c.property()) ? c : null;
  }

  /** Number of values compared (each eq is one, each in value one): Graph's 15 limit. */
  int valueCount() {
    return clauses.stream().mapToInt(c -> c.values().size()).sum();
  }

  boolean references(String property) {
    return clauses.stream().anyMatch(c -> c.property().equals(property));
  }

  /**
   * Parses {@code text}. {@code properties} maps lower-cased filterable names to Graph's spelling;
   * {@code resource} names the type in error messages ("User").
   */
  static ODataFilter parse(String text, Map<String, String> properties, String resource) {
    Parser p = new Parser(text, properties, resource);
    List<Clause> clauses = p.disjunction();
    p.skipSpaces();
    if (p.pos < text.length()) {
      throw p.syntax();
    }
    return new ODataFilter(clauses);
  }

  /**
   * Whether the object matches. Anchors compare case-sensitively, everything else (ids, UPNs, mail)
   * case-insensitively, as in Entra.
   */
  boolean matches(JsonNode object) {
    for (Clause c : clauses) {
      JsonNode v = object.get(c.property());
      String actual = v == null || v.isNull() ? null : v.asText();
      for (String expected : c.values()) {
        if (expected == null
            ? actual == null
            : actual != null && same(c.property(), actual, expected)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean same(String property, String actual, String expected) {
    return property.equals("onPremisesImmutableId")
        ? actual.equals(expected)
        : actual.equalsIgnoreCase(expected);
  }

  private static final class Parser {
    private final String text;
    private final Map<String, String> properties;
    private final String resource;
    private int pos;

    Parser(String text, Map<String, String> properties, String resource) {
      this.text = text;
      this.properties = properties;
      this.resource = resource;
    }

    List<Clause> disjunction() {
      List<Clause> clauses = new ArrayList<>(term());
      while (true) {
        skipSpaces();
        int save = pos;
        String word = word();
        if (word.equalsIgnoreCase("or")) {
          clauses.addAll(term());
        } else if (word.equalsIgnoreCase("and")) {
          throw GraphError.unsupportedQuery(
              "Unsupported query: 'and' is not supported by the hardmatch sandbox filter subset.");
        } else {
          pos = save;
          return clauses;
        }
      }
    }

    List<Clause> term() {
      skipSpaces();
      if (peek() == '(') {
        pos++;
        List<Clause> inner = disjunction();
        skipSpaces();
        expect(')');
        return inner;
      }
      String name = word();
      if (name.isEmpty()) {
        throw syntax();
      }
      if (name.contains("/") || peek() == '(') {
        throw GraphError.unsupportedQuery("Unsupported Query.");
      }
      String property = properties.get(name.toLowerCase(Locale.ROOT));
      if (property == null) {
        throw GraphError.unsupportedQuery(
            "Unsupported or invalid query filter clause specified for property '"
                + name
                + "' of resource '"
                + resource
                + "'.");
      }
      skipSpaces();
      String op = word().toLowerCase(Locale.ROOT);
      List<String> values = new ArrayList<>();
      switch (op) {
        case "eq":
          values.add(literal());
          break;
        case "in":
          skipSpaces();
          expect('(');
          values.add(literal());
          skipSpaces();
          while (peek() == ',') {
            pos++;
            values.add(literal());
            skipSpaces();
          }
          expect(')');
          break;
        case "ne":
        case "startswith":
        case "gt":
        case "ge":
        case "lt":
        case "le":
          throw GraphError.unsupportedQuery(
              "Unsupported or invalid query filter clause specified for property '"
                  + property
                  + "' of resource '"
                  + resource
                  + "'.");
        default:
          throw syntax();
      }
      return List.of(new Clause(property, values));
    }

    String literal() {
      skipSpaces();
      if (text.startsWith("null", pos)) {
        pos += 4;
        return null;
      }
      // Boolean literals (e.g. isAssignableToRole eq true) compare with the value's text.
      for (String bool : List.of("true", "false")) {
        if (text.startsWith(bool, pos)) {
          pos += bool.length();
          return bool;
        }
      }
      if (peek() != '\'') {
        throw syntax();
      }
      pos++;
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (pos >= text.length()) {
          throw GraphError.badRequest(
              "Invalid filter clause: unterminated string literal in '" + text + "'.");
        }
        char c = text.charAt(pos++);
        if (c == '\'') {
          if (peek() == '\'') {
            sb.append('\'');
            pos++;
          } else {
            return sb.toString();
          }
        } else {
          sb.append(c);
        }
      }
    }

    String word() {
      int start = pos;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (Character.isLetterOrDigit(c) || c == '/' || c == '.' || c == '_') {
          pos++;
        } else {
          break;
        }
      }
      return text.substring(start, pos);
    }

    void expect(char c) {
      skipSpaces();
      if (peek() != c) {
        throw syntax();
      }
      pos++;
    }

    char peek() {
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    void skipSpaces() {
      while (pos < text.length() && text.charAt(pos) == ' ') {
        pos++;
      }
    }

    GraphError syntax() {
      return GraphError.badRequest(
          "Invalid filter clause: syntax error at position " + pos + " in '" + text + "'.");
    }
  }
}
