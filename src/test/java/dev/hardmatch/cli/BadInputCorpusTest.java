package dev.hardmatch.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus (issue 15): links files, plan files, CSV for {@code import}, command-line
 * flags and special files, each run through the real CLI in a fresh git repository ({@link
 * CorpusCase} describes the layout). Every case must end with its documented exit code (README,
 * Commands), say what is wrong in one line with a way to fix it, print no stack trace and no
 * secret, connect nowhere and leave the repository exactly as it was: no lock, no journal, no plan,
 * no edited links file.
 */
class BadInputCorpusTest {
  /** At least this many cases (issue 15); the README states the exact count. */
  static final int MINIMUM = 150;

  private static final String LDAP_SECRET = "corpus-ldap-secret-7Q";
  private static final String GRAPH_SECRET = "corpus-graph-token-9Z";
  private static final Map<String, String> ENV =
      Map.of("HARDMATCH_LDAP_PASSWORD", LDAP_SECRET, "HARDMATCH_GRAPH_TOKEN", GRAPH_SECRET);

  /** {@code file:line:col: …}, {@code file:line: …} (CSV) or {@code file: …} (the whole file). */
  private static final Pattern LOCATED = Pattern.compile("^[^ :]+(?::\\d+){0,2}: (.+)$");

  private static final Pattern CARET = Pattern.compile("^\\s*\\^[\\^~]*\\s*$");
  private static final Pattern COUNT = Pattern.compile("^\\d+ errors?$");
  private static final Pattern REFUSED = Pattern.compile("^refused\\[[A-Z_]+\\] .+$");
  private static final String TRY = "Try 'hardmatch --help' for usage.";

  @TempDir Path tmp;

  @Test
  void theCorpusHoldsAtLeast150DistinctCasesAndTheReadmeSaysHowMany() throws IOException {
    List<CorpusCase> cases = CorpusCase.all();
    System.out.println("bad-input corpus: " + cases.size() + " cases");
    assertTrue(cases.size() >= MINIMUM, "only " + cases.size() + " cases");
    assertEquals(
        cases.size(),
        cases.stream().map(CorpusCase::toString).distinct().count(),
        "case names repeat");
    String readme = Files.readString(Path.of("README.md"), UTF_8);
    assertTrue(
        readme.contains("bad-input corpus of " + cases.size() + " cases"),
        "the README should say: bad-input corpus of " + cases.size() + " cases");
  }

  @TestFactory
  Stream<DynamicTest> everyBadInputIsRefusedCleanly() throws IOException {
    return CorpusCase.all().stream()
        .map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
  }

  private void check(CorpusCase c) throws Exception {
    boolean windows = System.getProperty("os.name").startsWith("Windows");
    assumeFalse(windows && c.unixOnly(), "needs FIFOs, symlinks or /dev");
    // A listener of its own per case, so a case that connects is the one named.
    try (ServerSocketChannel trap = ServerSocketChannel.open()) {
      trap.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      trap.configureBlocking(false); // accept() answers at once: null when nobody connected
      check(c, trap);
    }
  }

  private void check(CorpusCase c, ServerSocketChannel trap) throws Exception {
    int port = trap.socket().getLocalPort();
    Path repo = Files.createDirectories(tmp.resolve(c.category() + "-" + c.name()));
    c.prepare(repo, port);
    String before = CorpusCase.snapshot(repo);
    List<String> args = c.arguments(repo, port);
    CliResult r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> CliResult.run(c.environment(ENV), repo, args.toArray(String[]::new)),
            c + " did not finish: a blocking read?");
    String context = c + " " + args + "\n" + r;
    if (Boolean.getBoolean("corpus.show")) { // -Dcorpus.show=true: what each case printed
      System.out.println("=== " + context);
    }

    assertEquals(c.exit(), r.exit(), context);
    assertTrue(r.err().contains(c.fragment()), "expected '" + c.fragment() + "' in\n" + context);
    assertEquals("", r.out(), "a refusal prints nothing on stdout\n" + context);
    for (String banned : List.of("Exception", "\tat ", "OutOfMemoryError", "internal error")) {
      assertFalse(r.all().contains(banned), "'" + banned + "' printed\n" + context);
    }
    assertFalse(r.all().contains(LDAP_SECRET) || r.all().contains(GRAPH_SECRET), context);
    // The real environment (what /proc/self/environ holds) is never quoted either.
    System.getenv().entrySet().stream()
        .filter(e -> e.getValue().length() >= 12)
        .map(e -> e.getKey() + "=" + e.getValue())
        .forEach(
            entry -> assertFalse(r.all().contains(entry), "the environment leaked\n" + context));
    assertOneLineErrorsWithAHint(r.err(), context);
    assertEquals(before, CorpusCase.snapshot(repo), "something was written\n" + context);
    assertNull(trap.accept(), c + " connected to the trap port");
  }

  /**
   * The shapes a refusal may take (Main.handle, Apply's refusals, picocli's usage errors): a
   * located {@code file:line:col: what — how to fix} line (with its source line and caret), or
   * {@code error: …} followed by {@code hint: …}, or {@code refused[CODE] …} lines followed by
   * {@code error:} and {@code hint:}, or {@code hardmatch: …} followed by the usage pointer. Any
   * other line fails the case.
   */
  private static boolean known(String line) {
    return line.startsWith("error: ")
        || line.startsWith("hint: ")
        || line.startsWith("hardmatch: ")
        || line.equals(TRY)
        || REFUSED.matcher(line).matches()
        || COUNT.matcher(line).matches()
        || LOCATED.matcher(line).matches() && line.matches("^[^ :]+:\\d+(:\\d+)?: .*");
  }

  static void assertOneLineErrorsWithAHint(String err, String context) {
    List<String> lines = err.lines().toList();
    assertFalse(lines.isEmpty(), "nothing on stderr\n" + context);
    int errors = 0;
    boolean hint = false;
    int unfixed = 0; // located lines without their own "— how to fix it"
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      assertTrue(line.length() <= 2100, "a line of " + line.length() + " characters\n" + context);
      Matcher located = LOCATED.matcher(line);
      if (line.startsWith("error: ") || line.startsWith("hardmatch: ")) {
        errors++;
        String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
        boolean fix =
            next.startsWith("hint: ") || next.equals(TRY) || line.contains("did you mean");
        assertTrue(fix, "no hint after: " + line + "\n" + context);
      } else if (REFUSED.matcher(line).matches()) {
        errors++;
      } else if (line.startsWith("hint: ") || line.equals(TRY)) {
        hint = true;
      } else if (located.matches() && !COUNT.matcher(line).matches()) {
        errors++;
        unfixed += located.group(1).contains(" — ") ? 0 : 1;
        // The source line, and the caret under the column when it has one.
        if (i + 1 < lines.size() && !known(lines.get(i + 1))) {
          i++;
          if (i + 1 < lines.size() && CARET.matcher(lines.get(i + 1)).matches()) {
            i++;
          }
        }
      } else if (!COUNT.matcher(line).matches()) {
        unknown.add(line);
      }
    }
    assertTrue(errors > 0, "no error line\n" + context);
    assertTrue(hint || unfixed == 0 && errors > 0, "no hint\n" + context);
    assertTrue(unknown.isEmpty(), "lines of no known shape: " + unknown + "\n" + context);
  }
}
