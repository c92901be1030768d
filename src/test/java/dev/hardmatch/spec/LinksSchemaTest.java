package dev.hardmatch.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schema users point their editors at: complete, strict, and valid JSON Schema 2020-12. */
class LinksSchemaTest {
  private static JsonNode schema() throws Exception {
    try (InputStream in =
        LinksSchemaTest.class.getClassLoader().getResourceAsStream(SchemaCheck.RESOURCE)) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void shipsOnTheClasspathIdenticalToTheFileInTheRepository() throws Exception {
    assertEquals(
        new ObjectMapper().readTree(Files.readString(Path.of("schemas/links.schema.json"))),
        schema());
  }

  // Editors (yaml-language-server) show descriptions while completing: every property has one.
  @Test
  void everyPropertyHasADescriptionAndEveryObjectIsClosed() throws Exception {
    List<String> missing = new ArrayList<>();
    walk(schema(), "#", missing);

    assertEquals(List.of(), missing);
  }

  @Test
  void documentsTheDefaultsDestructiveStepsOff() throws Exception {
    JsonNode policy = schema().at("/properties/policy/properties");

    assertEquals(false, policy.at("/deleteDuplicates/default").asBoolean(true));
    assertEquals(false, policy.at("/purgeDeleted/default").asBoolean(true));
    assertEquals(10, policy.at("/maxDeletes/default").asInt());
    assertEquals(false, policy.at("/allowLicensedDeletes/default").asBoolean(true));
    assertEquals(LinksFile.Policy.DEFAULT_MAX_DELETES, policy.at("/maxDeletes/default").asInt());
  }

  @Test
  void hasNoFieldThatCouldHoldASecret() throws Exception {
    List<String> names = new ArrayList<>();
    collectPropertyNames(schema(), names);

    for (String name : names) {
      boolean passwordSource = name.equals("passwordEnv") || name.equals("passwordFile");
      assertTrue(passwordSource || !Secrets.looksSecret(name), name);
    }
  }

  @Test
  void isValidJsonSchema2020_12() throws Exception {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    var meta =
        registry.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    var errors = meta.validate(schema().toString(), InputFormat.JSON);

    assertEquals(List.of(), errors);
  }

  private static void walk(JsonNode s, String at, List<String> missing) {
    if (s.has("properties")) {
      if (!s.path("additionalProperties").isBoolean()
          || s.get("additionalProperties").asBoolean()) {
        missing.add(at + ": additionalProperties is not false");
      }
      for (Map.Entry<String, JsonNode> p : s.get("properties").properties()) {
        JsonNode prop = p.getValue();
        String where = at + "/properties/" + p.getKey();
        boolean described = prop.has("description") && !prop.get("description").asText().isBlank();
        boolean viaRef = prop.has("$ref") && prop.get("items") == null;
        if (!described && !viaRef) {
          missing.add(where + ": no description");
        }
        walk(prop, where, missing);
      }
    }
    if (s.has("items")) {
      walk(s.get("items"), at + "/items", missing);
    }
    if (s.has("$defs")) {
      for (Map.Entry<String, JsonNode> d : s.get("$defs").properties()) {
        walk(d.getValue(), at + "/$defs/" + d.getKey(), missing);
      }
    }
  }

  private static void collectPropertyNames(JsonNode s, List<String> names) {
    s.properties()
        .forEach(
            e -> {
              if (e.getKey().equals("properties")) {
                e.getValue().fieldNames().forEachRemaining(names::add);
              }
              if (e.getValue().isContainerNode()) {
                collectPropertyNames(e.getValue(), names);
              }
            });
    if (s.isArray()) {
      s.forEach(n -> collectPropertyNames(n, names));
    }
  }
}
