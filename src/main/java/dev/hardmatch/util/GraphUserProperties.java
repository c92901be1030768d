package dev.hardmatch.util;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The v1.0 user's properties as Graph's metadata declares them: {@code id}, the directoryObject's
 * {@code deletedDateTime} and every property of {@code microsoft.graph.user}, read from the trimmed
 * extract {@code graph-metadata/graph-v1.0-extract.json} that {@code ci/graph-metadata/extract.py}
 * writes from msgraph-metadata (docs/sandbox.md). One list for apply's backups and the emulator's
 * {@code $select}, so neither is maintained by hand.
 */
public final class GraphUserProperties {
  private static final String RESOURCE = "/graph-metadata/graph-v1.0-extract.json";
  private static volatile List<String> all;

  private GraphUserProperties() {}

  /** Every v1.0 user property, {@code id} first. */
  public static List<String> all() {
    List<String> a = all;
    if (a == null) {
      try (InputStream in = GraphUserProperties.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the classpath");
        }
        JsonNode types = Json.mapper().readTree(in).path("entityTypes");
        List<String> names = new ArrayList<>();
        names.add("id");
        types.path("directoryObject").path("properties").forEach(p -> names.add(p.asText()));
        types.path("user").path("properties").forEach(p -> names.add(p.asText()));
        a = List.copyOf(names);
        all = a;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return a;
  }
}
