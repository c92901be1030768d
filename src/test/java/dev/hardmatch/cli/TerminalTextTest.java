package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: text output fits the terminal, breaking at spaces only and never inside an identifier;
 * output that is not for a terminal (no {@code HARDMATCH_COLUMNS}) stays exactly as it was.
 */
class TerminalTextTest {
  private static final Path EXAMPLE = Path.of("plans", "example").toAbsolutePath();

  private static CliResult show(Map<String, String> env) {
    return CliResult.run(env, EXAMPLE, "show", "example.plan.json");
  }

  @Test
  void atSixtyColumnsEveryLineFitsUnlessItIsOneIdentifierAndNothingIsCut() {
    CliResult plain = show(Map.of());
    CliResult narrow = show(Map.of(TerminalText.COLUMNS_ENV, "60"));
    assertEquals(0, narrow.exit(), narrow.toString());
    // The DN of the example's AD UPN rewrite holds a space; it must stay in one piece.
    assertTrue(plain.out().contains("CN=Lisa Ray,OU=Staff,DC=corp"), plain.out());
    assertTrue(narrow.out().contains("CN=Lisa Ray,OU=Staff,DC=corp"), narrow.out());
    assertTrue(plain.out().lines().anyMatch(l -> l.length() > 60), "the test needs long lines");
    for (String line : narrow.out().lines().toList()) {
      String body = line.strip();
      boolean oneIdentifier = !body.contains(" ") || body.matches("[^ ]*CN=[^,]*,[^ ]*");
      assertTrue(line.length() <= 60 || oneIdentifier, "too wide: '" + line + "'");
    }
    // Only spaces were turned into line breaks: every word, UPN, GUID and anchor is whole.
    assertEquals(words(plain.out()), words(narrow.out()));
  }

  @Test
  void withoutATerminalWidthTheOutputIsUnchanged() {
    CliResult plain = show(Map.of());
    assertEquals(plain.out(), show(Map.of(TerminalText.COLUMNS_ENV, "not-a-number")).out());
    assertEquals(plain.out(), TerminalText.wrap(plain.out(), 0));
  }

  @Test
  void quotedValuesAndDistinguishedNamesAreNotBrokenAndColourDoesNotCount() {
    String dn = "set AD UPN of CN=Mary Ann King,OU=Sales Team,DC=corp,DC=com: a@b.com → c@d.com";
    String wrapped = TerminalText.wrap("    ~ " + dn, 30);
    assertTrue(wrapped.contains("CN=Mary Ann King,OU=Sales Team,DC=corp,DC=com:"), wrapped);
    String quoted = TerminalText.wrap("      displayName: \"Anna White (Sales)\" → \"Anna\"", 24);
    assertTrue(quoted.contains("\"Anna White (Sales)\""), quoted);
    String green = "\u001b[32m" + "x".repeat(10) + "\u001b[0m";
    assertEquals("ab " + green, TerminalText.wrap("ab " + green, 13), "escapes take no columns");
  }

  @Test
  void aConsoleWithoutColumnsGetsOneHundred() {
    assertEquals("100", TerminalText.consoleColumns(null));
    assertEquals("100", TerminalText.consoleColumns("wide"));
    assertEquals("132", TerminalText.consoleColumns("132"));
  }

  private static List<String> words(String text) {
    return List.of(text.strip().split("\\s+"));
  }
}
