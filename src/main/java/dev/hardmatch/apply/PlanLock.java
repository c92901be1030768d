package dev.hardmatch.apply;

import dev.hardmatch.HardmatchException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The exclusive lock of one plan: an OS file lock ({@link FileChannel#tryLock()}) on {@code
 * <plan>.lock}. The file holds who has it (pid, host, since) for the message a second apply prints.
 * The OS drops the lock when the process dies, so a crashed apply never leaves a stale lock; the
 * file itself stays (deleting a lock file races with a process that just opened it), emptied on
 * release.
 */
public final class PlanLock implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private PlanLock(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock file of {@code plan}: {@code <plan>.lock} beside it. */
  public static Path pathFor(Path plan) {
    return plan.resolveSibling(plan.getFileName() + ".lock");
  }

  /** Takes the lock of {@code plan}, or returns null when another apply holds it. */
  public static PlanLock tryAcquire(Path plan) {
    Path path = pathFor(plan);
    FileChannel ch = null;
    try {
      ch =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException sameJvm) {
        lock = null; // held by this very process (another apply in-process)
      }
      if (lock == null) {
        ch.close();
        return null;
      }
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(holderLine().getBytes(StandardCharsets.UTF_8)), 0);
      ch.force(true);
      return new PlanLock(path, ch, lock);
    } catch (IOException e) {
      closeQuietly(ch);
      throw new HardmatchException(
          HardmatchException.Code.IO,
          "cannot lock the plan through " + path + ": " + e.getMessage(),
          "make the plan's folder writable",
          e);
    }
  }

  /**
   * Whether another apply holds the lock of {@code plan}, found without creating or changing
   * anything (a refused apply leaves no trace): no lock file means nobody holds it.
   */
  public static boolean isHeld(Path plan) {
    Path path = pathFor(plan);
    if (!Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
      FileLock probe;
      try {
        probe = ch.tryLock();
      } catch (OverlappingFileLockException sameJvm) {
        return true;
      }
      if (probe == null) {
        return true;
      }
      probe.release();
      return false;
    } catch (IOException e) {
      return false; // taking it later reports why it cannot be taken
    }
  }

  /** Who holds the lock of {@code plan}, as written in its lock file ("unknown" if unreadable). */
  public static String holder(Path plan) {
    try {
      String s = Files.readString(pathFor(plan), StandardCharsets.UTF_8).trim();
      return s.isEmpty() ? "unknown" : s;
    } catch (IOException e) {
      return "unknown";
    }
  }

  public Path path() {
    return path;
  }

  /** Empties the file and releases the lock. */
  @Override
  public void close() {
    try {
      channel.truncate(0);
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases the lock anyway.
    }
    closeQuietly(channel);
  }

  private static String holderLine() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown host";
    }
    return "pid "
        + ProcessHandle.current().pid()
        + " on "
        + host
        + " since "
        + Instant.now()
        + "\n";
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }
}
