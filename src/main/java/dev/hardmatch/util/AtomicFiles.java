package dev.hardmatch.util;

import dev.hardmatch.HardmatchException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writing a file so that a reader never sees half of it: beside it first, then renamed. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Replaces {@code target} with {@code bytes}; {@code name} is the file as the user typed it, for
   * the message.
   *
   * @throws HardmatchException {@code IO} when it cannot be written; the target is then unchanged
   */
  public static void write(Path target, String name, byte[] bytes) {
    Path tmp = null;
    try {
      Path dir = target.toAbsolutePath().getParent();
      tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      Files.write(tmp, bytes);
      try {
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new HardmatchException(
          HardmatchException.Code.IO,
          name + ": cannot be written: " + e.getMessage(),
          "check that the folder exists and is writable; nothing was changed");
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the move took it, or there is nothing more to do
        }
      }
    }
  }
}
