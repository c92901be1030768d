package dev.hardmatch.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The source line and caret printed under each diagnostic. */
class SourceTextTest {
  @Test
  void putsTheCaretUnderTheColumnKeepingTabs() {
    SourceText s = SourceText.of("a: 1\n\tb: [x, y]\n");

    assertEquals("\tb: [x, y]\n\t      ^", s.excerpt(new Loc(2, 8)));
  }

  @Test
  void cutsALongLineToAWindowAroundTheColumn() {
    String line = "x".repeat(300) + "BAD" + "y".repeat(300);
    SourceText s = SourceText.of(line);

    String excerpt = s.excerpt(new Loc(1, 301));

    String[] rows = excerpt.split("\n");
    assertTrue(rows[0].startsWith("…") && rows[0].endsWith("…"), rows[0]);
    assertTrue(rows[0].length() <= 162, "length " + rows[0].length());
    assertEquals("BAD", rows[0].substring(rows[1].length() - 1, rows[1].length() + 2));
  }

  @Test
  void masksSecretsAndShowsControlCharactersAsReplacement() {
    SourceText s = SourceText.of("  password: hunter2 # x\u0007\n");
    s.mask(new Loc(1, 13), new Loc(1, 20));

    assertEquals("  password: ******* # x\uFFFD\n  ^", s.excerpt(new Loc(1, 3)));
  }

  @Test
  void countsLinesAsSnakeYamlDoes() {
    SourceText s = SourceText.of("a\r\nb\rc\u2028d\ne");

    assertEquals(5, s.lineCount());
    assertEquals("d", s.line(4));
  }

  @Test
  void hasNoExcerptForABlankOrMissingLine() {
    SourceText s = SourceText.of("a: 1\n\n");

    assertNull(s.excerpt(new Loc(2, 1)));
    assertNull(s.excerpt(new Loc(9, 1)));
  }
}
