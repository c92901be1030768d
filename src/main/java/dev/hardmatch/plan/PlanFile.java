package dev.hardmatch.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import dev.hardmatch.util.BoundedFiles;
import dev.hardmatch.util.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The plan file, format 2 (docs/plan-format.md): canonical compact JSON out, strictly validated
 * JSON in, and the digest that tells a reviewed plan from one edited by hand.
 *
 * <p>Canonical means: one header field per line, then one line per link, keys in a fixed order,
 * fields equal to their default left out ({@link PlanCodec}), {@code \n} line ends, a trailing
 * newline, UTF-8. The same plan always gives the same bytes, and a reviewer's diff shows one line
 * per changed link.
 *
 * <p>The digest is taken over the canonical serialisation of what was <em>parsed</em>, not over the
 * file's bytes: line endings, a byte-order mark, indentation or key order cannot change it, and a
 * later version that adds an optional field (left out at its default) keeps old plans valid.
 */
public final class PlanFile {
  /** The schema on the classpath (shipped from {@code schemas/} in the jar). */
  public static final String SCHEMA_RESOURCE = "schemas/plan.schema.json";

  private static final String DIGEST_PREFIX = "sha256:";
  private static final int MAX_DIAGNOSTICS = 50;

  /**
   * The hardmatch release that first wrote format 2; plans of format 1 came from builds before it.
   */
  static final String FORMAT_2_SINCE = "0.1.0";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          // A key given twice is an error, never "the last one wins".
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** Problems (not plans) stay indented, as {@code plan --format json} has always printed them. */
  private static final DefaultPrettyPrinter PRETTY = prettyPrinter();

  private static volatile Schema schema;

  private PlanFile() {}

  // ---- writing ----------------------------------------------------------------------------

  /** The canonical document: one header field per line, one line per link, ending in a newline. */
  public static String write(Plan plan) {
    try {
      StringBuilder sb = new StringBuilder("{");
      Iterator<Map.Entry<String, JsonNode>> fields = PlanCodec.header(plan).fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        sb.append(sb.length() == 1 ? "" : ",\n");
        sb.append(MAPPER.writeValueAsString(field.getKey()))
            .append(':')
            .append(MAPPER.writeValueAsString(field.getValue()));
      }
      sb.append(",\n\"links\":[");
      for (int i = 0; i < plan.links().size(); i++) {
        sb.append(i == 0 ? "\n" : ",\n")
            .append(MAPPER.writeValueAsString(PlanCodec.link(plan.links().get(i))));
      }
      sb.append(plan.links().isEmpty() ? "]}\n" : "\n]}\n");
      return sb.toString();
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
   * over all of it.
   */
  public static Plan finish(Plan planned, String createdAt, String toolVersion) {
    Plan p = planned.withCreatedAt(createdAt, toolVersion);
    return p.withDigest(digest(p));
  }

  /**
   * {@code sha256:<hex>} over the canonical document of the plan without its {@code digest}: every
   * field apply acts on or checks ({@code createdAt} for {@code --max-age} included) is covered.
   */
  public static String digest(Plan plan) {
    byte[] bytes = write(plan.withDigest(null)).getBytes(StandardCharsets.UTF_8);
    return DIGEST_PREFIX + Sha256.hex(bytes);
  }

  /** Whether the recorded digest still matches the content (apply's TAMPERED gate). */
  public static boolean digestMatches(Plan plan) {
    return plan.digest() != null && plan.digest().equals(digest(plan));
  }

  // ---- reading ----------------------------------------------------------------------------

  /** The largest plan read (80,000 links take about 60 MiB). */
  public static final long MAX_BYTES = 256L << 20;

  /**
   * Reads and checks a plan file: UTF-8 JSON without duplicate keys, format 2, valid against the
   * plan schema (which allows no unknown field). Every failure is an {@link Code#INVALID_INPUT}
   * with the file, line and column. Does not check the digest: see {@link #digestMatches}.
   */
  public static Plan read(Path file) {
    return read(file, file.toString());
  }

  /** Like {@link #read(Path)}, naming the file {@code displayPath} in messages (as typed). */
  public static Plan read(Path file, String displayPath) {
    String name = displayPath;
    if (!Files.exists(file)) {
      throw new HardmatchException(
          Code.INVALID_INPUT,
          "plan file " + name + " does not exist",
          "give the path of a plan written by 'hardmatch plan -o'");
    }
    byte[] bytes = BoundedFiles.read(file, MAX_BYTES, "plan file", Code.INVALID_INPUT);
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
      return PlanCodec.decode(root);
    } catch (RuntimeException e) {
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
          .toString()
          .replaceFirst("^\uFEFF", ""); // a byte-order mark is no content
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
    JsonNode v = root.get("format");
    if (v == null && root.has("formatVersion")) {
      JsonNode old = root.get("formatVersion");
      throw invalid(
          name,
          old,
          "formatVersion",
          "plan format "
              + old.asText().replaceAll("\\..*", "")
              + " was written by hardmatch < "
              + FORMAT_2_SINCE
              + "; this hardmatch reads format "
              + Plan.FORMAT_VERSION,
          "plan again with this version ('hardmatch plan -o'), review and commit the new plan");
    }
    if (v == null || !v.isIntegralNumber()) {
      throw invalid(
          name,
          v == null ? root : v,
          "format",
          "missing or not a whole number",
          "a plan file starts with {\"format\":" + Plan.FORMAT_VERSION + "; plan again");
    }
    int ours = Integer.parseInt(Plan.FORMAT_VERSION);
    if (v.asInt() != ours) {
      throw invalid(
          name,
          v,
          "format",
          "plan format "
              + v.asText()
              + (v.asInt() > ours ? " was written by a newer hardmatch" : " is too old")
              + "; this hardmatch reads format "
              + ours,
          v.asInt() > ours
              ? "use the hardmatch version that wrote the plan, or plan again with this one"
              : "plan again with this version");
    }
  }

  /** Whether {@code root} claims this tool's format: a schema failure then means an edit. */
  public static boolean isCurrentFormat(JsonNode root) {
    JsonNode v = root == null ? null : root.get("format");
    return v != null && v.isIntegralNumber() && v.asInt() == Integer.parseInt(Plan.FORMAT_VERSION);
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
