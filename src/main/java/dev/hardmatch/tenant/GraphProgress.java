package dev.hardmatch.tenant;

/**
 * What a long bulk read or write is doing, for a progress line on a terminal. Called from the
 * thread that runs the batches, never concurrently; implementations must be quick.
 */
public interface GraphProgress {

  /** Reports nothing. */
  GraphProgress NONE = new GraphProgress() {};

  /**
   * A bulk read or write begins; the counts of {@link #stepsDone} that follow start from zero.
   *
   * @param writes true for {@link GraphTenant#writeBatch}, false for a read
   * @param steps Graph requests (batch steps) known at the start
   */
  default void begin(boolean writes, int steps) {}

  /**
   * A batch was answered.
   *
   * @param done Graph requests (batch steps) answered so far in this read or write
   * @param total steps known so far; grows when a listing has more pages
   */
  default void stepsDone(int done, int total) {}

  /**
   * Graph throttled some steps; they are sent again after this wait.
   *
   * @param steps how many steps wait
   * @param waitMillis how long, from Graph's Retry-After
   */
  default void throttled(int steps, long waitMillis) {}
}
