package dev.hardmatch.util;

import dev.hardmatch.HardmatchException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The one hash hardmatch records and compares over a text file (the links file): {@link Sha256} of
 * the text with LF line endings and without a UTF-8 byte-order mark (docs/plan-format.md).
 *
 * <p>Normalised bytes rather than parsed content, on purpose: comments and layout are part of what
 * was reviewed, the hash does not depend on how a hardmatch version parses, and the normalisation
 * is exactly what git's line-ending conversion ({@code core.autocrlf}, {@code eol}) and Windows
 * editors do to a text file, none of which changes its meaning (YAML and JSON read CR, CRLF and LF
 * alike).
 */
public final class TextHash {
  private static final byte CR = '\r';
  private static final byte LF = '\n';

  private TextHash() {}

  /** The text with CRLF and lone CR turned into LF and a leading UTF-8 byte-order mark removed. */
  public static byte[] normalise(byte[] raw) {
    int start =
        raw.length >= 3
                && (raw[0] & 0xFF) == 0xEF
                && (raw[1] & 0xFF) == 0xBB
                && (raw[2] & 0xFF) == 0xBF
            ? 3
            : 0;
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
    for (int i = start; i < raw.length; i++) {
      byte b = raw[i];
      if (b == CR) {
        out.write(LF);
        if (i + 1 < raw.length && raw[i + 1] == LF) {
          i++;
        }
      } else {
        out.write(b);
      }
    }
    return out.toByteArray();
  }

  /** Lower-case hex SHA-256 of the normalised text. */
  public static String sha256(byte[] raw) {
    return Sha256.hex(normalise(raw));
  }

  /** {@link #sha256(byte[])} of a file; {@code IO} error when it cannot be read. */
  public static String sha256(Path file) {
    try {
      return sha256(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new HardmatchException(
          HardmatchException.Code.IO, "cannot read " + file + ": " + e.getMessage(), null, e);
    }
  }

  /** Whether two files hold the same text, whatever their line endings and byte-order marks. */
  public static boolean sameText(byte[] a, byte[] b) {
    return Arrays.equals(a, b) || Arrays.equals(normalise(a), normalise(b));
  }

  /** Whether {@code a} and {@code b} differ, but only in line endings or a byte-order mark. */
  public static boolean onlyLineEndingsDiffer(byte[] a, byte[] b) {
    return !Arrays.equals(a, b) && Arrays.equals(normalise(a), normalise(b));
  }
}
