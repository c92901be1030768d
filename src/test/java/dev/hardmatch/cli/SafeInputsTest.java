package dev.hardmatch.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, points 8 and 9: bounded inputs, usage errors instead of internal errors, messages that
 * cannot flood or rewrite the terminal, and validate's character and length rules.
 */
class SafeInputsTest {
  @TempDir Path dir;
  private String stdout;
  private String stderr;

  private int run(String... args) {
    CliResult r = CliResult.run(Map.of(), dir, args);
    stdout = r.out();
    stderr = r.err();
    return r.exit();
  }

  private void links(String linkLine) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/good-links/sandbox.yaml")) {
      String text = new String(in.readAllBytes(), UTF_8).replace("${PORT}", "1389");
      int at = text.indexOf("links:");
      Files.writeString(dir.resolve("links.yaml"), text.substring(0, at) + "links:\n" + linkLine);
    }
  }

  @Test
  void anAbsurdMaxAgeIsAUsageErrorWithAHint() {
    int code = run("apply", "x.plan.json", "--max-age", "999999999999999999999d");
    assertEquals(64, code, stderr);
    assertTrue(stderr.contains("--max-age '999999999999999999999d' is longer than"), stderr);
    assertTrue(stderr.contains("hint: "), stderr);
    assertFalse(stderr.contains("NumberFormatException"), stderr);
  }

  @Test
  void validateRejectsABidiOverrideAndEscapesItInTheMessage() throws IOException {
    links("  - { sam: \"jo\\u202Ehns\", upn: john.smith@contoso.com }\n");
    assertEquals(65, run("validate", "links.yaml"), stderr);
    assertTrue(stderr.contains("U+202E"), stderr);
    assertFalse(stderr.contains("\u202E"), "the raw character never reaches the terminal");
  }

  @Test
  void validateRejectsNulAndZeroWidthCharacters() throws IOException {
    links(
        "  - { sam: \"jo\\0hns\", upn: john.smith@contoso.com }\n"
            + "  - { sam: maryk, upn: \"mary\\u200B.king@contoso.com\" }\n");
    assertEquals(65, run("validate", "links.yaml"), stderr);
    assertTrue(stderr.contains("U+0000"), stderr);
    assertTrue(stderr.contains("U+200B"), stderr);
    assertFalse(stderr.contains("\u0000") || stderr.contains("\u200B"), stderr);
  }

  @Test
  void validateRejectsASamWithALeadingSpace() throws IOException {
    links("  - { sam: \" johns\", upn: john.smith@contoso.com }\n");
    assertEquals(65, run("validate", "links.yaml"), stderr);
    assertTrue(stderr.contains("starts or ends with a space"), stderr);
  }

  @Test
  void validateRejectsAnOverlongUpnAndShowsItCut() throws IOException {
    String upn = "a".repeat(100_000) + "@contoso.com";
    links("  - { sam: johns, upn: " + upn + " }\n");
    assertEquals(65, run("validate", "links.yaml"), stderr);
    assertTrue(stderr.contains("AD allows at most 1024"), stderr);
    assertTrue(stderr.length() < 20_000, "stderr is " + stderr.length() + " characters");
    assertTrue(stderr.contains("…"), stderr);
  }

  @Test
  void validateRejectsALocalPartOverSixtyFourCharacters() throws IOException {
    links("  - { sam: johns, upn: " + "a".repeat(65) + "@contoso.com }\n");
    assertEquals(65, run("validate", "links.yaml"), stderr);
    assertTrue(stderr.contains("more than 64 characters"), stderr);
  }

  @Test
  @Timeout(60)
  void aFifoAsPlanOrLinksFileIsRefusedWithoutHanging() throws Exception {
    Process p = new ProcessBuilder("mkfifo", dir.resolve("fifo").toString()).start();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0);
    assertEquals(65, run("show", "fifo"), stderr);
    assertTrue(stderr.contains("not a regular file"), stderr);
    assertEquals(65, run("validate", "fifo"), stderr);
    assertTrue(stderr.contains("not a regular file"), stderr);
    assertEquals(65, run("apply", "fifo"), stderr);
    assertTrue(stderr.contains("not a regular file"), stderr);
    links("  - { sam: johns, upn: john.smith@contoso.com }\n");
    assertEquals(65, run("import", "fifo", "--into", "links.yaml"), stderr);
    assertTrue(stderr.contains("not a regular file"), stderr);
  }

  @Test
  @Timeout(60)
  void aDeviceAsPlanIsRefusedWithoutReadingIt() {
    assertEquals(65, run("show", "/dev/zero"), stderr);
    assertTrue(stderr.contains("not a regular file"), stderr);
    assertFalse(stderr.contains("OutOfMemoryError"), stderr);
  }
}
