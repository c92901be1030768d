package dev.hardmatch.samba;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.cli.Main;
import dev.hardmatch.sandbox.graph.EmulatorOptions;
import dev.hardmatch.sandbox.graph.TenantEmulator;
import dev.hardmatch.sandbox.graph.TenantState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One end-to-end setting: the real DC as {@code directory}, a tenant emulator (the sandbox's Graph)
 * as {@code tenant}, a links file in a folder, and the CLI run in-process as a user runs it.
 */
final class Scenario implements AutoCloseable {
  static final String TENANT_ID = "5a3c0f2e-0000-4000-8000-00000000c0de";
  static final ObjectMapper JSON = new ObjectMapper();

  private final SambaDc dc;
  private final Path dir;
  private final TenantEmulator tenant;

  /** What one run of the CLI left. */
  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /**
   * A tenant with contoso.com verified and the users {@code addUsers} puts in its {@code users}
   * array (see {@link #cloudUser}).
   */
  Scenario(SambaDc dc, Path dir, Consumer<ArrayNode> addUsers) {
    this.dc = dc;
    this.dir = dir;
    ObjectNode t = JSON.createObjectNode();
    t.put("tenantId", TENANT_ID).put("displayName", "Contoso (Samba tests)");
    ArrayNode domains = t.putArray("verifiedDomains");
    domains.addObject().put("name", "contoso.com").put("isDefault", true).put("isInitial", false);
    domains
        .addObject()
        .put("name", "contoso.onmicrosoft.com")
        .put("isDefault", false)
        .put("isInitial", true);
    addUsers.accept(t.putArray("users"));
    this.tenant =
        TenantEmulator.start(
            TenantState.parse(t.toString(), "samba tenant"), EmulatorOptions.defaults());
  }

  /** An enabled, unlicensed cloud-only user; returned so a test can add properties. */
  static ObjectNode cloudUser(ArrayNode users, String id, String upn, String name) {
    ObjectNode u = users.addObject();
    u.put("id", id).put("userPrincipalName", upn).put("displayName", name);
    u.put("accountEnabled", true);
    u.putArray("assignedLicenses");
    return u;
  }

  TenantEmulator tenant() {
    return tenant;
  }

  Path dir() {
    return dir;
  }

  /**
   * Writes links.yaml: the DC over LDAPS with its CA file (copied into the repository, where
   * hardmatch requires it to be), the emulator, and these link lines.
   */
  Path links(String policy, String linkLines) {
    Path file = dir.resolve("links.yaml");
    try {
      Files.createDirectories(dir.resolve("certs"));
      Files.copy(
          dc.caFile(),
          dir.resolve("certs/dc-ca.pem"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String text =
        "version: 1\n"
            + "tenant:\n"
            + "  id: "
            + TENANT_ID
            + "\n"
            + "  graph: "
            + tenant.graphUrl()
            + "\n"
            + "directory:\n"
            + "  url: "
            + dc.ldapsUrl()
            + "\n"
            + "  caFile: certs/dc-ca.pem\n"
            + "  baseDn: \""
            + dc.baseDn()
            + "\"\n"
            + "  bind: { user: \""
            + dc.bindDn()
            + "\", passwordEnv: "
            + SambaDc.PASSWORD_ENV
            + " }\n"
            + policy
            + "links:\n"
            + linkLines;
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Runs hardmatch in {@link #dir} with the bind password and the emulator's token set. */
  Run hardmatch(String... args) {
    Map<String, String> env = new HashMap<>(dc.passwordEnv());
    env.put("HARDMATCH_GRAPH_TOKEN", tenant.token());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env,
            dir,
            args);
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    tenant.close();
  }
}
