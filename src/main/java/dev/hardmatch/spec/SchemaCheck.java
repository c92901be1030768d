package dev.hardmatch.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.hardmatch.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates the tree against {@code schemas/links.schema.json} (from the classpath) and turns each
 * schema error into a sentence an administrator can act on, located through the {@link YamlTree}.
 */
final class SchemaCheck {
  static final String RESOURCE = "schemas/links.schema.json";

  /** A full stop that ends a sentence, not the one in "e.g." or "i.e.". */
  private static final Pattern SENTENCE_END = Pattern.compile("(?<!e\\.g)(?<!i\\.e)\\. ");

  private SchemaCheck() {}

  /** Loaded once: the schema never changes while the tool runs. */
  private static final class Holder {
    static final JsonNode RAW;
    static final Schema SCHEMA;

    static {
      try (InputStream in = SchemaCheck.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the classpath");
        }
        RAW = Json.mapper().readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      SCHEMA =
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
              .getSchema(RAW.toString(), InputFormat.JSON);
    }
  }

  static void check(YamlTree tree, Findings findings) {
    for (Error e : Holder.SCHEMA.validate(tree.root)) {
      report(e, tree, findings);
    }
  }

  private static void report(Error e, YamlTree tree, Findings findings) {
    String at = pointer(e.getInstanceLocation());
    JsonNode here = e.getInstanceNode();
    String keyword = e.getKeyword() == null ? "" : e.getKeyword();
    if (e.getEvaluationPath().toString().contains("oneOf")) {
      // Only bind has a oneOf (exactly one password source); Rules says that in plain words,
      // where the schema would list the failures of each alternative.
      return;
    }
    switch (keyword) {
      case "additionalProperties":
        {
          String key = e.getProperty();
          String child = Findings.child(at, key);
          List<String> allowed = allowedKeys(at);
          String guess = Suggest.didYouMean(key, allowed);
          String fix =
              (guess.isEmpty() ? "remove it" : guess + "Otherwise remove it")
                  + "; keys allowed here: "
                  + String.join(", ", allowed);
          findings.addSchema(tree.locateKey(child), child, "unknown key '" + key + "'", fix);
          return;
        }
      case "required":
        {
          String key = e.getProperty();
          String description = firstSentence(description(Findings.child(at, key)));
          findings.addSchema(
              tree.locate(at),
              Findings.child(at, key),
              "required key '" + key + "' is missing" + (at.isEmpty() ? "" : " here"),
              "add '" + key + ": …'" + (description == null ? "" : " (" + description + ")"));
          return;
        }
      case "type":
        {
          Object[] args = e.getArguments();
          String expected = args != null && args.length > 1 ? String.valueOf(args[1]) : "?";
          findings.addSchema(
              tree.locate(at),
              at,
              "expected " + typeName(expected) + ", found " + found(here, tree.plainText.get(at)),
              typeFix(expected, here));
          return;
        }
      case "enum":
        {
          List<String> options = new ArrayList<>();
          e.getSchemaNode().forEach(n -> options.add(n.asText()));
          String value = here == null ? "" : here.asText();
          findings.addSchema(
              tree.locate(at),
              at,
              "'" + value + "' is not a valid value",
              Suggest.didYouMean(value, options) + "allowed: " + String.join(", ", options));
          return;
        }
      case "const":
        if (at.equals("/version")) {
          findings.addSchema(
              tree.locate(at),
              at,
              "version " + (here == null ? "?" : here.asText()) + " is not supported",
              "this hardmatch reads version 1 links files; write 'version: 1', or upgrade"
                  + " hardmatch if the file was written for a newer one");
        } else {
          findings.addSchema(
              tree.locate(at),
              at,
              "must be " + e.getSchemaNode(),
              "set it to " + e.getSchemaNode());
        }
        return;
      case "minimum":
        findings.addSchema(
            tree.locate(at),
            at,
            here.asText() + " is too small",
            "give a number of at least " + e.getSchemaNode().asText());
        return;
      case "maximum":
        findings.addSchema(
            tree.locate(at),
            at,
            here.asText() + " is too large",
            "give a number of at most " + e.getSchemaNode().asText());
        return;
      case "minItems":
        findings.addSchema(
            tree.locate(at),
            at,
            "the list is empty",
            at.equals("/links")
                ? "add at least one link, e.g. '- { sam: johns, upn: john.smith@contoso.com }'"
                : "add at least " + e.getSchemaNode().asText() + " entries");
        return;
      case "minLength":
        findings.addSchema(tree.locate(at), at, "is empty", "give a value");
        return;
      case "maxLength":
        findings.addSchema(
            tree.locate(at),
            at,
            "is longer than " + e.getSchemaNode().asText() + " characters",
            "shorten it");
        return;
      default:
        // pattern, oneOf, …: every such field also has a semantic rule with a precise message;
        // this generic one shows only if a rule is missing.
        findings.addSchema(
            tree.locate(at),
            at,
            e.getMessage(),
            firstSentence(description(at)) == null
                ? "see schemas/links.schema.json"
                : "expected: " + firstSentence(description(at)));
    }
  }

  /** The instance location as a JSON pointer. */
  private static String pointer(NodePath path) {
    String p = "";
    for (int i = 0; i < path.getNameCount(); i++) {
      Object el = path.getElement(i);
      p = el instanceof Integer n ? Findings.child(p, n) : Findings.child(p, String.valueOf(el));
    }
    return p;
  }

  /** The subschema describing the value at a pointer, following properties, items and $ref. */
  static JsonNode subschema(String pointer) {
    JsonNode s = deref(Holder.RAW);
    if (pointer.isEmpty()) {
      return s;
    }
    for (String raw : pointer.substring(1).split("/", -1)) {
      String part = raw.replace("~1", "/").replace("~0", "~");
      if (s == null) {
        return null;
      }
      if (s.has("properties") && s.get("properties").has(part)) {
        s = deref(s.get("properties").get(part));
      } else if (s.has("items")) {
        s = deref(s.get("items"));
      } else {
        return null;
      }
    }
    return s;
  }

  private static JsonNode deref(JsonNode s) {
    if (s != null && s.has("$ref")) {
      String ref = s.get("$ref").asText();
      if (ref.startsWith("#")) {
        return Holder.RAW.at(ref.substring(1));
      }
    }
    return s;
  }

  static String description(String pointer) {
    JsonNode s = subschema(pointer);
    return s != null && s.has("description") ? s.get("description").asText() : null;
  }

  static List<String> allowedKeys(String pointer) {
    List<String> keys = new ArrayList<>();
    JsonNode s = subschema(pointer);
    if (s != null && s.has("properties")) {
      Iterator<String> it = s.get("properties").fieldNames();
      it.forEachRemaining(keys::add);
    }
    return keys;
  }

  private static String firstSentence(String text) {
    if (text == null) {
      return null;
    }
    String s = SENTENCE_END.split(text, 2)[0];
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  private static String typeName(String jsonType) {
    switch (jsonType) {
      case "object":
        return "a mapping (key: value lines)";
      case "array":
        return "a list ('- item' lines or [a, b])";
      case "string":
        return "text";
      case "integer":
        return "a whole number";
      case "number":
        return "a number";
      case "boolean":
        return "true or false";
      case "null":
        return "nothing";
      default:
        return jsonType;
    }
  }

  private static String found(JsonNode n, String written) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return written == null || written.isEmpty()
          ? "nothing (the value is empty)"
          : "'" + written + "', which YAML reads as null (no value)";
    }
    if (written != null && n.isValueNode() && !written.equals(n.asText())) {
      // YAML 1.1 reads yes/no/on/off as booleans: say what was written, and what YAML made of it.
      return "'" + written + "', which YAML reads as " + found(n, null);
    }
    if (n.isObject()) {
      return "a mapping";
    }
    if (n.isArray()) {
      return "a list";
    }
    if (n.isBoolean()) {
      return "the boolean " + n.asText();
    }
    if (n.isNumber()) {
      return "the number " + n.asText();
    }
    return "the text '" + n.asText() + "'";
  }

  private static String typeFix(String expected, JsonNode n) {
    switch (expected) {
      case "string":
        if (n != null && n.isValueNode() && !n.isNull()) {
          return "put the value in quotes so YAML reads it as text";
        }
        return "give a text value";
      case "boolean":
        return "write true or false, without quotes";
      case "integer":
        return "write a whole number such as 10, without quotes";
      case "object":
        return "write the keys on the lines below, indented by two spaces";
      case "array":
        return "write one '- ' entry per line, indented below";
      default:
        return "give " + typeName(expected);
    }
  }
}
