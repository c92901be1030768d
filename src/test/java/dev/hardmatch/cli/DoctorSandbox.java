package dev.hardmatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardmatch.sandbox.ad.EmbeddedDirectory;
import dev.hardmatch.sandbox.graph.EmulatorOptions;
import dev.hardmatch.sandbox.graph.TenantEmulator;
import dev.hardmatch.sandbox.graph.TenantState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The world of the doctor tests: the embedded AD (LDAPS, its CA copied into the repository) and the
 * tenant emulator started from {@code src/test/resources/doctor/}, and a links.yaml for both.
 * There, Entra Connect synced johns and maryk and anchored them on mS-DS-ConsistencyGuid.
 */
final class DoctorSandbox implements AutoCloseable {
  static final String PASSWORD_ENV = "HARDMATCH_LDAP_PASSWORD";
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  EmbeddedDirectory ad;
  final TenantEmulator tenant;
  final Map<String, String> env = new HashMap<>();

  private DoctorSandbox(Path dir, EmbeddedDirectory ad, TenantEmulator tenant) {
    this.dir = dir;
    this.ad = ad;
    this.tenant = tenant;
    env.put("HARDMATCH_GRAPH_TOKEN", tenant.token());
    env.put(PASSWORD_ENV, ad.bindPassword());
  }

  static DoctorSandbox start(
      Path dir,
      UnaryOperator<EmbeddedDirectory.Options> adOptions,
      UnaryOperator<EmulatorOptions.Builder> graphOptions,
      String sourceAnchor) {
    EmbeddedDirectory ad =
        EmbeddedDirectory.start(
            ApplySandbox.resource("/doctor/ad.ldif"),
            "doctor/ad.ldif",
            adOptions.apply(EmbeddedDirectory.Options.defaults().withLdaps(true)));
    TenantState state =
        TenantState.parse(ApplySandbox.resource("/doctor/tenant.json"), "doctor/tenant.json");
    TenantEmulator tenant =
        TenantEmulator.start(
            state,
            graphOptions
                .apply(EmulatorOptions.builder().syncSource(ad.ldap(), ad.baseDn()))
                .build());
    DoctorSandbox box = new DoctorSandbox(dir, ad, tenant);
    box.trust(ad.caFile());
    box.links(ad.ldapsUrl(), "  caFile: dc-ca.pem\n", sourceAnchor);
    return box;
  }

  /** Makes {@code caFile} the CA links.yaml trusts. */
  void trust(Path caFile) {
    try {
      Files.copy(caFile, dir.resolve("dc-ca.pem"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes links.yaml with this directory URL and extra directory lines (caFile, startTls). */
  void links(String url, String directoryLines, String sourceAnchor) {
    String yaml =
        "version: 1\n"
            + "tenant:\n"
            + "  id: "
            + tenant.state().tenantId()
            + "\n"
            + "  graph: "
            + tenant.graphUrl()
            + "\n"
            + "directory:\n"
            + "  url: "
            + url
            + "\n"
            + directoryLines
            + "  baseDn: \""
            + ad.baseDn()
            + "\"\n"
            + "  bind: { user: \""
            + ad.bindDn()
            + "\", passwordEnv: "
            + PASSWORD_ENV
            + " }\n"
            + "  sourceAnchor: "
            + sourceAnchor
            + "\n"
            + "links:\n"
            + "  - { sam: johns, upn: john.smith@contoso.com }\n"
            + "  - { sam: maryk, upn: mary.king@contoso.com }\n"
            + "  - { sam: peterp, upn: peter.parker@contoso.com }\n";
    try {
      Files.writeString(dir.resolve("links.yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code hardmatch doctor links.yaml} with these further arguments, in process. */
  CliResult doctor(String... more) {
    List<String> args = new ArrayList<>(List.of("doctor", "links.yaml"));
    args.addAll(List.of(more));
    return CliResult.run(env, dir, args.toArray(String[]::new));
  }

  /** name → check, from the JSON output. */
  static Map<String, JsonNode> checks(CliResult run) throws IOException {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (JsonNode c : JSON.readTree(run.out()).get("checks")) {
      byName.put(c.get("name").asText(), c);
    }
    return byName;
  }

  static String status(Map<String, JsonNode> checks, String name) {
    JsonNode c = checks.get(name);
    if (c == null) {
      throw new AssertionError("no check '" + name + "' in " + checks.keySet());
    }
    return c.get("status").asText();
  }

  static List<String> failing(Map<String, JsonNode> checks) {
    return checks.values().stream()
        .filter(c -> c.get("status").asText().equals("fail"))
        .map(c -> c.get("name").asText())
        .toList();
  }

  @Override
  public void close() {
    tenant.close();
    if (ad != null) {
      ad.close();
    }
  }
}
