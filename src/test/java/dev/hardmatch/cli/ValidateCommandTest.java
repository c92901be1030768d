package dev.hardmatch.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hardmatch validate} as a user runs it, in-process. */
class ValidateCommandTest {
  @TempDir Path dir;
  private ServerSocketChannel trap;
  private String stdout;
  private String stderr;

  @BeforeEach
  void openTrap() throws IOException {
    trap = ServerSocketChannel.open();
    trap.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    trap.configureBlocking(false);
  }

  @AfterEach
  void noConnectionAndClose() throws IOException {
    try {
      assertNull(trap.accept(), "validate must never touch the network");
    } finally {
      trap.close();
    }
  }

  // A valid file pointing at the local sandbox: "valid", the number of links, exit 0.
  @Test
  void saysValidAndCountsTheLinks() throws IOException {
    write("links.yaml", sandboxExample());

    int code = run("validate", "links.yaml");

    assertEquals(0, code, stderr);
    assertEquals("links.yaml: valid — 3 links\n", stdout);
    assertEquals("", stderr);
  }

  @Test
  void acceptsSamWithParentheses() throws IOException {
    write("links.yaml", sandboxExample());

    run("validate", "links.yaml");

    assertTrue(sandboxExample().contains("sam: svc(test)"));
    assertTrue(stdout.contains("valid"), stdout);
  }

  // Each error: file:line:column: field: message — fix, then the line and a caret; then a count.
  @Test
  void printsEachErrorWithItsSourceLineAndACaret() throws IOException {
    write(
        "links.yaml",
        sandboxExample()
            .replace("sam: maryk", "sam: 'corp\\maryk'")
            .replace("upn: john.smith@contoso.com", "upn: john.smith"));

    int code = run("validate", "links.yaml");

    assertEquals(65, code);
    assertEquals("", stdout);
    List<String> lines = stderr.lines().toList();
    assertEquals(
        List.of(
            "links.yaml:14:24: links[0].upn: 'john.smith' is not a valid user principal name: it"
                + " has no '@' — write it as name@domain, e.g. john.smith@contoso.com",
            "  - { sam: johns, upn: john.smith }",
            "                       ^",
            "links.yaml:15:12: links[1].sam: 'corp\\maryk' contains '\\', which AD does not allow"
                + " in a sAMAccountName — give the exact sAMAccountName as AD shows it (pre-Windows"
                + " 2000 logon name); none of \" / \\ [ ] : ; | = , + * ? < > is allowed",
            "  - { sam: 'corp\\maryk', upn: mary.king@contoso.com, adUpn: match }",
            "           ^",
            "2 errors"),
        lines);
  }

  @Test
  void jsonFormatListsEveryErrorOnStdout() throws IOException {
    write(
        "links.yaml",
        sandboxExample().replace("version: 1", "version: 2").replace("adUpn: match", "adUpn: x"));

    int code = run("validate", "--format", "json", "links.yaml");

    assertEquals(65, code, stderr);
    JsonNode doc = new ObjectMapper().readTree(stdout);
    assertFalse(doc.get("valid").asBoolean());
    JsonNode errors = doc.get("errors");
    assertEquals(2, errors.size(), stdout);
    JsonNode first = errors.get(0);
    assertEquals("links.yaml", first.get("file").asText());
    assertEquals(2, first.get("line").asInt());
    assertEquals(10, first.get("column").asInt());
    assertEquals("version", first.get("field").asText());
    assertEquals("version 2 is not supported", first.get("message").asText());
    assertTrue(first.get("fix").asText().contains("write 'version: 1'"));
    JsonNode second = errors.get(1);
    assertEquals(15, second.get("line").asInt());
    assertEquals("links[1].adUpn", second.get("field").asText());
    assertEquals("2 errors\n", stderr);
  }

  @Test
  void jsonFormatOfAValidFile() throws IOException {
    write("links.yaml", sandboxExample());

    int code = run("validate", "--format=json", "links.yaml");

    assertEquals(0, code, stderr);
    JsonNode doc = new ObjectMapper().readTree(stdout);
    assertTrue(doc.get("valid").asBoolean());
    assertEquals(3, doc.get("links").asInt());
    assertEquals(0, doc.get("errors").size());
  }

  @Test
  void missingFileIsInvalidInputWithAClearMessage() {
    int code = run("validate", "nope.yaml");

    assertEquals(65, code);
    assertEquals(
        "nope.yaml: file not found — check the path; it is relative to the current folder\n"
            + "1 error\n",
        stderr);
  }

  @Test
  void aFolderIsNotALinksFile() throws IOException {
    Files.createDirectories(dir.resolve("plans"));

    int code = run("validate", "plans");

    assertEquals(65, code);
    assertTrue(stderr.startsWith("plans: is a folder, not a links file"), stderr);
  }

  @Test
  void neverRepeatsASecretWrittenIntoTheFile() throws IOException {
    write(
        "links.yaml",
        sandboxExample().replace("tenant:\n", "tenant:\n  clientSecret: Zq8~verysecret\n"));

    int code = run("validate", "links.yaml");

    assertEquals(65, code);
    assertTrue(stderr.contains("  clientSecret: **************\n  ^\n"), stderr);
    assertFalse(stderr.contains("verysecret"), stderr);
  }

  private String sandboxExample() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/good-links/sandbox.yaml")) {
      return new String(in.readAllBytes(), UTF_8)
          .replace("${PORT}", String.valueOf(trap.socket().getLocalPort()));
    }
  }

  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text, UTF_8);
  }

  private int run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            InputStream.nullInputStream(),
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8),
            Map.of(),
            dir,
            args);
    stdout = out.toString(UTF_8);
    stderr = err.toString(UTF_8);
    return code;
  }
}
