package dev.hardmatch.util;

import dev.hardmatch.HardmatchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * Reads an input file only when it is a regular file of bounded size (see README, "Threat model"):
 * a folder, FIFO, socket, device or kernel file ({@code /proc}, {@code /sys}) gives a clear error
 * before it is opened (opening a FIFO would block, a device may never end), and at most {@code max}
 * bytes are ever read, whatever size the file claims.
 */
public final class BoundedFiles {
  private BoundedFiles() {}

  /**
   * The bytes of {@code file} (symbolic links followed).
   *
   * @param what how the file is named in messages, e.g. "plan file"
   * @param code the error's code (INVALID_INPUT for input files, LDAP for credentials, …)
   * @throws HardmatchException when it is missing, not a regular file, too large or unreadable
   */
  public static byte[] read(Path file, long max, String what, HardmatchException.Code code) {
    String shown = what + " " + Messages.clip(file.toString());
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      requireRegular(attrs, shown, code);
      requireNotKernel(file, shown, code);
      if (attrs.size() > max) {
        throw tooLarge(shown, attrs.size(), max, code);
      }
      try (InputStream in = Files.newInputStream(file)) {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (bytes.length > max) {
          throw tooLarge(shown, bytes.length, max, code);
        }
        return bytes;
      }
    } catch (NoSuchFileException e) {
      throw new HardmatchException(code, shown + " does not exist", "check the path");
    } catch (AccessDeniedException e) {
      throw new HardmatchException(
          code, shown + ": permission denied", "make the file readable for this user");
    } catch (IOException e) {
      throw new HardmatchException(
          code, "cannot read " + shown + ": " + e.getMessage(), "check the file", e);
    }
  }

  /** Whether {@code file} itself (not what it points to) is a symbolic link. */
  public static boolean isSymlink(Path file) {
    return Files.isSymbolicLink(file);
  }

  /**
   * Checks, without opening it, that {@code file} is a regular file of at most {@code max} bytes.
   */
  public static void requireRegular(Path file, long max, String what, HardmatchException.Code code)
      throws IOException {
    String shown = what + " " + Messages.clip(file.toString());
    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
    requireRegular(attrs, shown, code);
    requireNotKernel(file, shown, code);
    if (attrs.size() > max) {
      throw tooLarge(shown, attrs.size(), max, code);
    }
  }

  /**
   * Whether {@code file} resolves into {@code /proc} or {@code /sys}: the kernel's files pass for
   * regular files of size 0 and hold live data ({@code /proc/self/environ} is the environment with
   * every secret in it), so they are never an input, and an error must not quote them.
   */
  public static boolean isKernelFile(Path file) {
    try {
      Path real = file.toRealPath();
      return real.startsWith("/proc") || real.startsWith("/sys");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static void requireNotKernel(Path file, String shown, HardmatchException.Code code) {
    if (isKernelFile(file)) {
      throw new HardmatchException(
          code,
          shown + " is a kernel file under /proc or /sys, not a file of yours",
          "give the path of a regular file (hardmatch reads no other)");
    }
  }

  private static void requireRegular(
      BasicFileAttributes attrs, String shown, HardmatchException.Code code) {
    if (attrs.isRegularFile()) {
      return;
    }
    String kind =
        attrs.isDirectory()
            ? "a folder"
            : attrs.isSymbolicLink()
                ? "a symbolic link"
                : "not a regular file (a pipe, socket or device)";
    throw new HardmatchException(
        code, shown + " is " + kind, "give the path of a regular file (hardmatch reads no other)");
  }

  private static HardmatchException tooLarge(
      String shown, long size, long max, HardmatchException.Code code) {
    return new HardmatchException(
        code,
        String.format(Locale.ROOT, "%s is too large: %,d bytes, at most %,d", shown, size, max),
        "give the right file; hardmatch reads at most " + max + " bytes of it");
  }
}
