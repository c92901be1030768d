package dev.hardmatch.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.spec.LinksLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code src/test/resources/bad-links/} is refused by {@code hardmatch validate} with
 * exit 65 and a located message, no stack trace, and no network call. Each {@code NAME.yaml} has a
 * sidecar {@code NAME.expect}: the expected {@code line:column} on its first line, a fragment of
 * the message on its second. {@code ${PORT}} in a file becomes the port of a local listener that
 * must never see a connection. {@code huge} is generated here, not committed.
 */
class BadLinksCorpusTest {
  private static final String CORPUS = "/bad-links";

  /** A secret some corpus files hold; no output may repeat it. */
  private static final String SECRET = "hunter2";

  private static ServerSocketChannel trap;

  @BeforeAll
  static void openTrap() throws IOException {
    trap = ServerSocketChannel.open();
    trap.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    trap.configureBlocking(false); // accept() answers at once: null when nobody connected
  }

  @AfterAll
  static void closeTrap() throws IOException {
    trap.close();
  }

  static Stream<String> cases() throws IOException, URISyntaxException {
    Path dir = Path.of(BadLinksCorpusTest.class.getResource(CORPUS).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".expect"))
              .map(n -> n.substring(0, n.length() - ".expect".length()))
              .sorted()
              .toList();
      assertTrue(names.size() >= 25, "the corpus has " + names.size() + " cases");
      return names.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validateRefusesIt(String name, @TempDir Path dir) throws IOException {
    List<String> expect = Files.readAllLines(resourcePath(name + ".expect"), UTF_8);
    String location = expect.get(0).trim();
    String fragment = expect.get(1).trim();
    String file = name + ".yaml";
    writeCase(name, dir.resolve(file));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            InputStream.nullInputStream(),
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8),
            Map.of(),
            dir,
            "validate",
            file);
    String stderr = err.toString(UTF_8);

    assertEquals(65, code, stderr);
    String prefix = file + ":" + location + ":";
    assertTrue(
        stderr.lines().anyMatch(l -> l.startsWith(prefix) && l.contains(fragment)),
        "expected a line starting '" + prefix + "' containing '" + fragment + "' in:\n" + stderr);
    assertFalse(stderr.contains("Exception"), stderr);
    assertFalse(stderr.contains("\tat "), stderr);
    assertFalse(stderr.contains(SECRET), "a secret was repeated:\n" + stderr);
    assertEquals("", out.toString(UTF_8));
    assertNull(trap.accept(), "validate connected to 127.0.0.1:" + port());
  }

  private static void writeCase(String name, Path target) throws IOException {
    if (name.equals("huge")) {
      writeHugeFile(target);
      return;
    }
    byte[] raw = Files.readAllBytes(resourcePath(name + ".yaml"));
    Files.write(
        target, replace(raw, "${PORT}".getBytes(UTF_8), String.valueOf(port()).getBytes(UTF_8)));
  }

  /** A valid-looking links file just over the size limit. */
  private static void writeHugeFile(Path target) throws IOException {
    try (Writer w = Files.newBufferedWriter(target, UTF_8)) {
      w.write("version: 1\nlinks:\n");
      long written = 0;
      for (int i = 0; written <= LinksLoader.MAX_BYTES; i++) {
        String line = "  - { sam: user" + i + ", upn: user" + i + "@contoso.com }\n";
        w.write(line);
        written += line.length();
      }
    }
  }

  private static byte[] replace(byte[] raw, byte[] what, byte[] with) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
    for (int i = 0; i < raw.length; ) {
      if (regionMatches(raw, i, what)) {
        out.writeBytes(with);
        i += what.length;
      } else {
        out.write(raw[i++]);
      }
    }
    return out.toByteArray();
  }

  private static boolean regionMatches(byte[] raw, int at, byte[] what) {
    if (at + what.length > raw.length) {
      return false;
    }
    for (int k = 0; k < what.length; k++) {
      if (raw[at + k] != what[k]) {
        return false;
      }
    }
    return true;
  }

  private static Path resourcePath(String name) {
    try {
      return Path.of(BadLinksCorpusTest.class.getResource(CORPUS + "/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int port() {
    return trap.socket().getLocalPort();
  }
}
