package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line adds up every bulk call of a run and steps aside for other output. */
class ProgressLineTest {

  /** The redraw clock: it only moves when a test moves it. */
  private final AtomicLong nanos = new AtomicLong();

  private ProgressLine line(StringWriter sink, boolean terminal) {
    return ProgressLine.of(
        new CliContext(
            new ByteArrayInputStream(new byte[0]),
            new PrintWriter(new StringWriter()),
            new PrintWriter(sink),
            Map.of(),
            Path.of("."),
            terminal),
        nanos::get);
  }

  @Test
  void countsReadsAndWritesAcrossCallsAndThrottledWaits() {
    StringWriter sink = new StringWriter();
    ProgressLine p = line(sink, true);

    p.begin(false, 18);
    p.stepsDone(18, 19); // a listing had a second page
    p.stepsDone(19, 19);
    p.begin(true, 100);
    p.stepsDone(100, 100);
    p.begin(true, 100);
    p.throttled(4, 2000);
    p.stepsDone(60, 100);

    assertEquals("Graph reads 19/19 · writes 160/200 · throttled waits 1 (2.0 s)", p.text());
    // Redrawn at most every 100 ms, but always when a call ends or Graph throttles.
    assertTrue(
        sink.toString().contains("\rGraph reads 19/19 · writes 100/100 · throttled waits 0"),
        sink.toString());
    assertTrue(
        sink.toString()
            .endsWith("\rGraph reads 19/19 · writes 100/200 · throttled waits 1 (2.0 s)\033[K"),
        sink.toString());
    // 100 ms later the next step is drawn.
    nanos.addAndGet(100_000_000L);
    p.stepsDone(61, 100);
    assertTrue(
        sink.toString()
            .endsWith("\rGraph reads 19/19 · writes 161/200 · throttled waits 1 (2.0 s)\033[K"),
        sink.toString());
  }

  @Test
  void applyShowsTheTimeLeftFromTheQuotaThenFromThePaceSoFar() {
    StringWriter sink = new StringWriter();
    ProgressLine p = line(sink, true);
    p.expectWrites(3000, 30); // --write-quota 300/10s

    p.begin(false, 10);
    p.stepsDone(10, 10);
    assertEquals(
        "Graph reads 10/10 · writes 0/0 · throttled waits 0 (0.0 s) · about 1 min 40 s left",
        p.text());
    p.begin(true, 1000);
    nanos.addAndGet(20_000_000_000L); // 500 writes in 20 s: 25 per second
    p.stepsDone(500, 1000);
    assertEquals(
        "Graph reads 10/10 · writes 500/1000 · throttled waits 0 (0.0 s) · about 1 min 40 s left",
        p.text());
  }

  @Test
  void otherOutputErasesTheLineFirst() {
    StringWriter sink = new StringWriter();
    ProgressLine p = line(sink, true);
    p.begin(true, 20);
    p.stepsDone(20, 20);

    PrintWriter err = p.guard();
    err.println("[1/1] u000001 → ada@fabrikam.com: linked");
    err.flush();
    p.clear();

    String shown = sink.toString();
    assertTrue(
        shown.endsWith(
            "\033[K\r\033[K[1/1] u000001 → ada@fabrikam.com: linked" + System.lineSeparator()),
        shown);
  }

  @Test
  void silentWhenNotATerminal() {
    StringWriter sink = new StringWriter();
    ProgressLine p = line(sink, false);
    p.begin(false, 10);
    p.stepsDone(10, 10);
    p.throttled(1, 1000);
    p.message("reading …");
    p.clear();
    PrintWriter err = p.guard();
    err.print("an error");
    err.flush();

    assertEquals("an error", sink.toString());
  }
}
