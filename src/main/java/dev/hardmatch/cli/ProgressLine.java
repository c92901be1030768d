package dev.hardmatch.cli;

import dev.hardmatch.plan.ApplyEstimate;
import dev.hardmatch.tenant.GraphProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One updating line on stderr for long plans and applies: Graph reads done / total, writes done /
 * total, throttled waits. Drawn with {@code \r} only when stderr is a terminal; otherwise every
 * method does nothing, so logs and pipes stay clean. Anything else written to stderr through {@link
 * #guard} first erases the line, so it never runs into other output.
 */
final class ProgressLine implements GraphProgress {
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final boolean enabled;
  private final LongSupplier nanoTime;

  // Totals over every bulk call of the run: [0] reads, [1] writes.
  private final int[] doneBefore = new int[2];
  private final int[] totalBefore = new int[2];
  private final int[] done = new int[2];
  private final int[] total = new int[2];
  private int kind;
  private int throttledWaits;
  private long throttledMillis;
  private boolean showing;
  private long drawnAt;
  // Apply: the plan's Graph writes and the pace the quota allows (writes per second); 0 = unknown.
  private int plannedWrites;
  private double quotaWritesPerSecond;
  private long firstWriteAt = -1;

  private ProgressLine(PrintWriter err, boolean enabled, LongSupplier nanoTime) {
    this.err = err;
    this.enabled = enabled;
    this.nanoTime = nanoTime;
  }

  /** Draws on {@code ctx.err()} when it is a terminal; silent otherwise. */
  static ProgressLine of(CliContext ctx) {
    return of(ctx, System::nanoTime);
  }

  /** As {@link #of(CliContext)}, with the clock that paces redraws (in nanoseconds). */
  static ProgressLine of(CliContext ctx, LongSupplier nanoTime) {
    return new ProgressLine(ctx.err(), ctx.terminal(), nanoTime);
  }

  /**
   * Apply knows every Graph write of its plan from the start: the line then shows the time left,
   * from the pace so far (or, before the first batch is answered, the quota's pace).
   */
  synchronized void expectWrites(int writes, double writesPerSecond) {
    plannedWrites = writes;
    quotaWritesPerSecond = writesPerSecond;
  }

  @Override
  public synchronized void begin(boolean writes, int steps) {
    if (writes && firstWriteAt < 0) {
      firstWriteAt = nanoTime.getAsLong();
    }
    kind = writes ? 1 : 0;
    doneBefore[kind] = done[kind];
    totalBefore[kind] = total[kind];
    total[kind] = totalBefore[kind] + steps;
    draw(false);
  }

  @Override
  public synchronized void stepsDone(int stepsDone, int stepsTotal) {
    done[kind] = doneBefore[kind] + stepsDone;
    total[kind] = totalBefore[kind] + stepsTotal;
    draw(stepsDone == stepsTotal);
  }

  @Override
  public synchronized void throttled(int steps, long waitMillis) {
    throttledWaits++;
    throttledMillis += waitMillis;
    draw(true);
  }

  /**
   * The line as drawn, e.g. {@code Graph reads 70/70 · writes 0/0 · throttled waits 1 (2.0 s)}, and
   * in apply {@code · about 4 min left}.
   */
  synchronized String text() {
    return counts() + left();
  }

  private String left() {
    if (plannedWrites <= 0) {
      return "";
    }
    int remaining = Math.max(0, plannedWrites - done[1]);
    double perSecond = quotaWritesPerSecond;
    if (done[1] > 0 && firstWriteAt >= 0) {
      double elapsed = (nanoTime.getAsLong() - firstWriteAt) / 1e9;
      if (elapsed >= 1) {
        perSecond = done[1] / elapsed;
      }
    }
    if (perSecond <= 0) {
      return "";
    }
    return " · about "
        + ApplyEstimate.human(Duration.ofSeconds((long) Math.ceil(remaining / perSecond)))
        + " left";
  }

  private String counts() {
    return String.format(
        Locale.ROOT,
        "Graph reads %d/%d · writes %d/%d · throttled waits %d (%.1f s)",
        done[0],
        total[0],
        done[1],
        total[1],
        throttledWaits,
        throttledMillis / 1000.0);
  }

  /** Erases the line (before other output, and at the end). */
  synchronized void clear() {
    if (showing) {
      err.print("\r\033[K");
      err.flush();
      showing = false;
    }
  }

  /** Prints a message on a line of its own, above the progress line. */
  synchronized void message(String line) {
    if (enabled) {
      clear();
      err.println(line);
      err.flush();
    }
  }

  /** {@code err}, but erasing the progress line before anything is written to it. */
  PrintWriter guard() {
    if (!enabled) {
      return err;
    }
    return new PrintWriter(
        new Writer() {
          @Override
          public void write(char[] buf, int off, int len) {
            synchronized (ProgressLine.this) {
              clear();
              err.write(buf, off, len);
            }
          }

          @Override
          public void flush() {
            err.flush();
          }

          @Override
          public void close() throws IOException {
            err.flush();
          }
        });
  }

  private void draw(boolean force) {
    if (!enabled) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (!force && showing && now - drawnAt < REDRAW_NANOS) {
      return;
    }
    drawnAt = now;
    err.print("\r" + text() + "\033[K");
    err.flush();
    showing = true;
  }
}
