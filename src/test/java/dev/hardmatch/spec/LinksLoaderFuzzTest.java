package dev.hardmatch.spec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hardmatch.Diagnostic;
import dev.hardmatch.HardmatchException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever damage a links file has, the loader answers with located diagnostics (exit 65 at the
 * CLI), never with an internal error. Seeded, so a failure replays exactly.
 */
class LinksLoaderFuzzTest {
  private static final String ALPHABET = " \t\n:-{}[],'\"#&*!|>@%`?\\/=+~0123456789abcxyz\u00e9";

  @Test
  void everyMutationOfAValidFileIsEitherValidOrLocatedInvalidInput() throws Exception {
    byte[] good;
    try (InputStream in = getClass().getResourceAsStream("/good-links/full.yaml")) {
      good = in.readAllBytes();
    }
    String text = new String(good, UTF_8);
    Random random = new Random(20261127L);
    int invalid = 0;
    for (int round = 0; round < 3000; round++) {
      String mutated = mutate(text, random, 1 + random.nextInt(4));
      try {
        LinksLoader.parse(mutated.getBytes(UTF_8), Path.of("links.yaml"), "links.yaml");
      } catch (HardmatchException e) {
        invalid++;
        assertEquals(HardmatchException.Code.INVALID_INPUT, e.code(), mutated);
        assertFalse(e.diagnostics().isEmpty(), mutated);
        for (Diagnostic d : e.diagnostics()) {
          assertTrue(d.line() >= 1 && d.column() >= 1, d + "\n" + mutated);
          assertFalse(d.message().isBlank(), mutated);
          assertFalse(d.fix() == null || d.fix().isBlank(), d + "\n" + mutated);
        }
      } catch (RuntimeException | StackOverflowError e) {
        fail("round " + round + " crashed the loader on:\n" + mutated, e);
      }
    }
    assertTrue(invalid > 1000, "most mutations break the file: " + invalid);
  }

  private static String mutate(String text, Random random, int edits) {
    StringBuilder sb = new StringBuilder(text);
    for (int i = 0; i < edits; i++) {
      int at = random.nextInt(sb.length() + 1);
      switch (random.nextInt(3)) {
        case 0:
          sb.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
          break;
        case 1:
          if (at < sb.length()) {
            sb.deleteCharAt(at);
          }
          break;
        default:
          if (at < sb.length()) {
            sb.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
          }
      }
    }
    return sb.toString();
  }
}
