package dev.hardmatch.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hardmatch.plan.ApplyEstimate;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.util.Json;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The Graph writes a plan file holds, read from its summary alone (it comes before the links, so a
 * 100,000-link plan is not parsed twice): for apply's progress line to show the time left. A file
 * that cannot be read gives 0; apply's gates report what is wrong with it.
 */
final class PlannedWrites {
  private PlannedWrites() {}

  static int of(Path planFile) {
    try (JsonParser p = Json.mapper().getFactory().createParser(planFile.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return 0;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (name.equals("summary")) {
          return ApplyEstimate.of(p.readValueAs(Plan.Summary.class)).graphWrites();
        }
        p.skipChildren();
      }
      return 0;
    } catch (IOException | RuntimeException unreadable) {
      return 0;
    }
  }
}
