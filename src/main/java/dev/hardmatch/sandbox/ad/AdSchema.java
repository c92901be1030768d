package dev.hardmatch.sandbox.ad;

import com.unboundid.ldap.sdk.schema.Schema;
import java.io.InputStream;

/** The embedded AD's schema: UnboundID's standard schema with AD's classes and attributes. */
final class AdSchema {
  private static final String RESOURCE = "ad-schema.ldif";
  private static Schema schema;

  private AdSchema() {}

  static synchronized Schema get() {
    if (schema == null) {
      try (InputStream in = AdSchema.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " missing from the build");
        }
        schema = Schema.mergeSchemas(Schema.getDefaultStandardSchema(), Schema.getSchema(in));
      } catch (Exception e) {
        throw new IllegalStateException("cannot load the embedded AD schema", e);
      }
    }
    return schema;
  }
}
