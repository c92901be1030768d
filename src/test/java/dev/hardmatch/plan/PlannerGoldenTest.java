package dev.hardmatch.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hardmatch.directory.DirectorySnapshot;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.TenantSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every folder under {@code src/test/resources/planner/} is one planning case: {@code links.yaml},
 * {@code ad.ldif} and {@code tenant.json} in; either {@code expected.plan.json} and {@code
 * expected.plan.md}, or {@code expected.problems.json}, out.
 *
 * <p>To accept new output after an intended change, run {@code mvn -B -o test
 * -Dtest=PlannerGoldenTest -Dhardmatch.updateGolden=true}: it rewrites the expected files, and git
 * shows what changed. That run then fails ("goldens rewritten"), so it is never left on; re-run
 * without the property to compare.
 */
class PlannerGoldenTest {
  static final Path CASES = Path.of("src", "test", "resources", "planner");
  // Fixed so the golden files never change with the clock or the build.
  static final String CREATED_AT = "2026-11-27T00:00:00Z";
  static final String TOOL_VERSION = "golden";
  private static final boolean UPDATE = Boolean.getBoolean("hardmatch.updateGolden");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(CASES)) {
      return s
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  static PlanResult plan(String name) throws Exception {
    Path dir = CASES.resolve(name);
    LinksFile links = Fixtures.links(dir.resolve("links.yaml"));
    DirectorySnapshot ad = Fixtures.directory(dir.resolve("ad.ldif"), links);
    TenantSnapshot tenant = Fixtures.tenant(dir.resolve("tenant.json"), links, ad);
    return Planner.plan(links, ad, tenant);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plansEachCaseAsItsGoldenFilesSay(String name) throws Exception {
    Path dir = CASES.resolve(name);
    PlanResult result = plan(name);
    Path planJson = dir.resolve("expected.plan.json");
    Path planMd = dir.resolve("expected.plan.md");
    Path problemsJson = dir.resolve("expected.problems.json");

    if (result.ok()) {
      assertTrue(result.problems().isEmpty());
      Plan plan = PlanFile.finish(result.plan(), CREATED_AT, TOOL_VERSION);
      String json = PlanFile.write(plan);
      String md = new MarkdownRenderer().render(plan);
      if (UPDATE) {
        Files.deleteIfExists(problemsJson);
        write(planJson, json);
        write(planMd, md);
        rewritten(name);
      }
      assertFalse(Files.exists(problemsJson), name + ": planned, but the case expects problems");
      assertEquals(read(planJson), json, name + ": plan JSON");
      assertEquals(read(planMd), md, name + ": plan Markdown");
      // What is written reads back valid, equal, and with a matching digest.
      Plan back = PlanFile.parse(name, json.getBytes(StandardCharsets.UTF_8));
      assertEquals(plan, back);
      assertTrue(PlanFile.digestMatches(back));
    } else {
      assertNull(result.plan(), "never both a plan and problems");
      String json = PlanFile.writeProblems(result.problems());
      if (UPDATE) {
        Files.deleteIfExists(planJson);
        Files.deleteIfExists(planMd);
        write(problemsJson, json);
        rewritten(name);
      }
      assertFalse(Files.exists(planJson), name + ": problems, but the case expects a plan");
      assertEquals(read(problemsJson), json, name + ": problems JSON");
    }
  }

  /** Update mode always fails, after writing: comparing a file with itself proves nothing. */
  private static void rewritten(String name) {
    fail(name + ": goldens rewritten, re-run without -Dhardmatch.updateGolden=true to compare");
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file)
        ? Files.readString(file, StandardCharsets.UTF_8)
        : "(missing " + file + ")";
  }

  static List<Problem> problems(String name) throws Exception {
    return plan(name).problems();
  }
}
