package dev.hardmatch.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRendererTest {
  @Test
  void quotesFieldsAsRfc4180Says() {
    assertEquals("plain", CsvRenderer.field("plain"));
    assertEquals("", CsvRenderer.field(null));
    assertEquals("\"a,b\"", CsvRenderer.field("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", CsvRenderer.field("say \"hi\""));
    assertEquals("\"two\r\nlines\"", CsvRenderer.field("two\r\nlines"));
  }

  @Test
  void problemsAreOneRowEach() {
    String csv =
        CsvRenderer.renderProblems(
            List.of(
                new Problem(ProblemCode.AD_USER_NOT_FOUND, "ghost", "g@contoso.com", "no, none"),
                new Problem(ProblemCode.MAX_DELETES_EXCEEDED, null, null, "too many")));
    assertEquals(
        "code,sam,upn,message\r\n"
            + "AD_USER_NOT_FOUND,ghost,g@contoso.com,\"no, none\"\r\n"
            + "MAX_DELETES_EXCEEDED,,,too many\r\n",
        csv);
  }
}
