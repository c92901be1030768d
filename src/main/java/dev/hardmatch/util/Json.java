package dev.hardmatch.util;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The tool's one JSON mapper, Jackson's defaults. Shared and thread-safe once built: never
 * reconfigure it; a format with its own rules (the canonical plan file) derives a {@code copy()}.
 */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Two-space indented output, for documents people read (reports, state files). */
  public static ObjectWriter pretty() {
    return MAPPER.writerWithDefaultPrettyPrinter();
  }
}
