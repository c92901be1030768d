package dev.hardmatch.util;

import dev.hardmatch.HardmatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one digest the tool records (links file sources, plan digests). */
public final class Sha256 {
  private Sha256() {}

  /** The raw 32-byte digest. */
  public static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Lower-case hex of the digest. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(digest(bytes));
  }

  /** Lower-case hex of the digest of a file's bytes; {@code IO} error when it cannot be read. */
  public static String hex(Path file) {
    try {
      return hex(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new HardmatchException(
          HardmatchException.Code.IO, "cannot read " + file + ": " + e.getMessage(), null, e);
    }
  }
}
