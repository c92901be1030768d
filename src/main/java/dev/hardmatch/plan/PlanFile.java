package dev.hardmatch.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.serialization.node.LocationJsonNodeFactory;
import com.networknt.schema.serialization.node.TokenStreamLocationAware;
import dev.hardmatch.Diagnostic;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.HardmatchException.Code;
import dev.hardmatch.util.Json;
import dev.hardmatch.util.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The plan file (docs/plan-format.md): canonical JSON out, validated JSON in, and the digest that
 * tells a reviewed plan from one edited by hand.
 *
 * <p>Canonical means: keys in the order of the records' {@code @JsonPropertyOrder}, two-space
 * indentation, {@code \n} line ends, a trailing newline, UTF-8. The same plan always gives the same
 * bytes, so git diffs of plans show only real changes.
 */
public final class PlanFile {
  /** The schema on the classpath (shipped from {@code schemas/} in the jar). */
  public static final String SCHEMA_RESOURCE = "schemas/plan.schema.json";

  private static final String DIGEST_PREFIX = "sha256:";
  private static final int MAX_DIAGNOSTICS = 50;

  private static final ObjectMapper MAPPER =
      Json.mapper()
          .copy()
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          // Minor format versions only add fields: a reader ignores what it does not know.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private static final DefaultPrettyPrinter PRETTY = prettyPrinter();

  private static volatile Schema schema;

  private PlanFile() {}

  // ---- writing ----------------------------------------------------------------------------

  /** The canonical, pretty-printed JSON document, ending in a newline. */
  public static String write(Plan plan) {
    try {
      return MAPPER.writer(PRETTY).writeValueAsString(MAPPER.valueToTree(plan)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a plan", e);
    }
  }

  /** Writes the canonical document to {@code file} (creating parent folders). */
  public static void write(Plan plan, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, write(plan), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HardmatchException(
          Code.IO,
          "cannot write the plan to " + file + ": " + e.getMessage(),
          "check that the folder exists and is writable",
          e);
    }
  }

  /** {@code {"problems":[{code, sam, upn, message}]}}, the JSON form of a refused plan. */
  public static String writeProblems(List<Problem> problems) {
    try {
      return MAPPER.writer(PRETTY).writeValueAsString(Map.of("problems", problems)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise problems", e);
    }
  }

  /**
   * Seals what the planner produced: records when and by which version it was made, and the digest
   * over everything else.
   */
  public static Plan finish(Plan planned, String createdAt, String toolVersion) {
    Plan p = planned.withCreatedAt(createdAt, toolVersion);
    return p.withDigest(digest(p));
  }

  /**
   * {@code sha256:<hex>} over the compact canonical JSON of the plan without {@code digest}, {@code
   * createdAt} and {@code toolVersion}: so re-planning later gives the same digest, while any edit
   * to what apply acts on changes it.
   */
  public static String digest(Plan plan) {
    ObjectNode body = MAPPER.valueToTree(plan);
    body.remove("digest");
    body.remove("createdAt");
    body.remove("toolVersion");
    try {
      return DIGEST_PREFIX + Sha256.hex(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot compute the plan digest", e);
    }
  }

  /** Whether the recorded digest still matches the content (apply's TAMPERED gate). */
  public static boolean digestMatches(Plan plan) {
    return plan.digest() != null && plan.digest().equals(digest(plan));
  }

  // ---- reading ----------------------------------------------------------------------------

  /**
   * Reads and checks a plan file: UTF-8 JSON, a format version this tool knows (major 1), valid
   * against the plan schema. Every failure is an {@link Code#INVALID_INPUT} with the file, line and
   * column. Does not check the digest: see {@link #digestMatches}.
   */
  public static Plan read(Path file) {
    return read(file, file.toString());
  }

  /** Like {@link #read(Path)}, naming the file {@code displayPath} in messages (as typed). */
  public static Plan read(Path file, String displayPath) {
    String name = displayPath;
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new HardmatchException(
          Code.INVALID_INPUT,
          "plan file " + name + " does not exist",
          "give the path of a plan written by 'hardmatch plan -o'");
    } catch (IOException e) {
      throw new HardmatchException(
          Code.INVALID_INPUT,
          "cannot read plan file " + name + ": " + e.getMessage(),
          "check the path and its permissions",
          e);
    }
    return parse(name, bytes);
  }

  /** Parses plan text as read from {@code name} (used for messages only). */
  public static Plan parse(String name, byte[] bytes) {
    String text = decodeUtf8(name, bytes);
    JsonNode root = readTree(name, text);
    if (!root.isObject()) {
      throw invalid(name, root, "", "a plan file is a JSON object", "regenerate it with plan -o");
    }
    checkFormatVersion(name, root);
    List<Error> errors = schema().validate(root);
    if (!errors.isEmpty()) {
      List<Diagnostic> diagnostics = new ArrayList<>();
      for (Error e : errors) {
        if (diagnostics.size() == MAX_DIAGNOSTICS) {
          break;
        }
        diagnostics.add(diagnostic(name, root, e));
      }
      throw new HardmatchException(
          Code.INVALID_INPUT,
          name + " is not a valid plan (" + errors.size() + " schema errors)",
          "do not edit plan files by hand: plan again with 'hardmatch plan -o'",
          diagnostics,
          null);
    }
    try {
      return MAPPER.treeToValue(root, Plan.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new HardmatchException(
          Code.INVALID_INPUT,
          name + " is not a valid plan: " + e.getMessage(),
          "plan again with 'hardmatch plan -o'",
          e);
    }
  }

  private static String decodeUtf8(String name, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new HardmatchException(
          Code.INVALID_INPUT,
          name + " is not UTF-8 text",
          "a plan file is UTF-8 JSON written by 'hardmatch plan -o'");
    }
  }

  private static JsonNode readTree(String name, String text) {
    try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
      // A node factory that remembers where each node started, for located schema errors.
      JsonNode root = MAPPER.reader(new LocationJsonNodeFactory(parser)).readTree(parser);
      if (root == null || root.isMissingNode()) {
        throw new HardmatchException(
            Code.INVALID_INPUT,
            name + " is empty",
            "give a plan file written by 'hardmatch plan -o'");
      }
      if (parser.nextToken() != null) {
        JsonLocation loc = parser.currentTokenLocation();
        throw HardmatchException.invalidInput(
            List.of(
                new Diagnostic(
                    name,
                    loc.getLineNr(),
                    loc.getColumnNr(),
                    null,
                    "unexpected content after the plan document",
                    "a plan file holds exactly one JSON object")));
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      throw HardmatchException.invalidInput(
          List.of(
              new Diagnostic(
                  name,
                  loc == null ? 0 : loc.getLineNr(),
                  loc == null ? 0 : loc.getColumnNr(),
                  null,
                  "not valid JSON: " + e.getOriginalMessage(),
                  "plan again with 'hardmatch plan -o'")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void checkFormatVersion(String name, JsonNode root) {
    JsonNode v = root.get("formatVersion");
    if (v == null || !v.isTextual()) {
      throw invalid(
          name,
          v == null ? root : v,
          "formatVersion",
          "missing or not a string",
          "a plan file starts with \"formatVersion\": \"" + Plan.FORMAT_VERSION + "\"");
    }
    String version = v.asText();
    String major = version.contains(".") ? version.substring(0, version.indexOf('.')) : version;
    String ours = Plan.FORMAT_VERSION.substring(0, Plan.FORMAT_VERSION.indexOf('.'));
    if (!major.equals(ours)) {
      throw invalid(
          name,
          v,
          "formatVersion",
          "format version " + version + " is not supported (this hardmatch reads " + ours + ".x)",
          "use the hardmatch version that wrote the plan, or plan again with this one");
    }
  }

  private static HardmatchException invalid(
      String name, JsonNode at, String field, String message, String fix) {
    int[] lc = location(at);
    return HardmatchException.invalidInput(
        List.of(new Diagnostic(name, lc[0], lc[1], field, message, fix)));
  }

  private static Diagnostic diagnostic(String name, JsonNode root, Error e) {
    NodePath path = e.getInstanceLocation();
    JsonNode at = e.getInstanceNode();
    if (!(at instanceof TokenStreamLocationAware)) {
      at = resolve(root, path);
    }
    int[] lc = location(at);
    String field = pointer(path);
    return new Diagnostic(name, lc[0], lc[1], field.isEmpty() ? null : field, e.getMessage(), null);
  }

  private static JsonNode resolve(JsonNode root, NodePath path) {
    JsonNode n = root;
    for (int i = 0; path != null && i < path.getNameCount() && n != null; i++) {
      Object el = path.getElement(i);
      n = el instanceof Integer idx ? n.get(idx) : n.get(String.valueOf(el));
    }
    return n == null ? root : n;
  }

  private static String pointer(NodePath path) {
    if (path == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object el = path.getElement(i);
      if (el instanceof Integer) {
        sb.append('[').append(el).append(']');
      } else {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(el);
      }
    }
    return sb.toString();
  }

  private static int[] location(JsonNode node) {
    if (node instanceof TokenStreamLocationAware aware && aware.tokenStreamLocation() != null) {
      JsonLocation loc = aware.tokenStreamLocation();
      return new int[] {loc.getLineNr(), loc.getColumnNr()};
    }
    return new int[] {0, 0};
  }

  private static Schema schema() {
    Schema s = schema;
    if (s == null) {
      try (InputStream in = PlanFile.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the classpath");
        }
        s =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(MAPPER.readTree(in));
        schema = s;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return s;
  }

  private static DefaultPrettyPrinter prettyPrinter() {
    DefaultIndenter indent = new DefaultIndenter("  ", "\n");
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    return new DefaultPrettyPrinter(separators)
        .withObjectIndenter(indent)
        .withArrayIndenter(indent);
  }
}
