package dev.hardmatch.connect;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.util.BoundedFiles;
import dev.hardmatch.util.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a links file may take credential material from (see README, "Threat model"): {@code
 * directory.caFile} and {@code directory.bind.passwordFile} must be regular files inside the
 * repository the links file is in (its git work tree; without one, the links file's folder), after
 * every symbolic link is resolved, and small. So {@code passwordFile: /proc/self/environ}, a FIFO,
 * a device or a link out of the repository is refused (exit 65) before anything connects and before
 * a byte of it is read.
 */
public final class CredentialFiles {
  /** A CA bundle is a few KiB; even a system's whole bundle is under 1 MiB. */
  public static final long MAX_CA_BYTES = 1L << 20;

  /** A password file holds one password. */
  public static final long MAX_PASSWORD_BYTES = 4096;

  private CredentialFiles() {}

  /**
   * @throws HardmatchException {@code INVALID_INPUT} naming the field and the file
   */
  public static void check(LinksFile links) {
    if (links.path() == null) {
      return;
    }
    Path root = repositoryOf(links.path());
    LinksFile.DirectorySpec d = links.directory();
    check(links.path(), root, "directory.caFile", d.caFile(), MAX_CA_BYTES);
    if (d.bind() != null) {
      check(
          links.path(),
          root,
          "directory.bind.passwordFile",
          d.bind().passwordFile(),
          MAX_PASSWORD_BYTES);
    }
  }

  private static void check(Path linksFile, Path root, String field, Path file, long max) {
    if (file == null) {
      return;
    }
    String where = Messages.clip(linksFile.toString()) + ": " + field;
    Path real;
    try {
      real = file.toRealPath();
    } catch (NoSuchFileException e) {
      real = lexicalRealPath(file);
      boolean inside = real == null || (root != null && real.startsWith(root));
      if (inside && field.equals("directory.caFile")) {
        // Refused now: a plain ldap:// URL would never read it, and ldaps:// only after planning.
        throw new HardmatchException(
            HardmatchException.Code.INVALID_INPUT,
            where + " '" + Messages.clip(file.toString()) + "' does not exist",
            "point caFile (relative to the links file) at the PEM file of the CA that issued the"
                + " domain controller's certificate, or remove it to use the system trust store");
      }
      if (inside) {
        return; // the password file: reported when read, with how to create it
      }
    } catch (IOException e) {
      throw refused(where, "cannot be resolved: " + e.getMessage());
    }
    if (root == null || !real.startsWith(root)) {
      throw refused(
          where,
          "'"
              + Messages.clip(file.toString())
              + "' is outside the repository "
              + (root == null ? "" : Messages.clip(root.toString()))
              + " (resolved to "
              + Messages.clip(real.toString())
              + ")");
    }
    try {
      BoundedFiles.requireRegular(real, max, field, HardmatchException.Code.INVALID_INPUT);
    } catch (HardmatchException e) {
      throw refused(where, e.getMessage());
    } catch (IOException e) {
      throw refused(where, "cannot be read: " + e.getMessage());
    }
  }

  /**
   * Where a file that does not exist would be: its nearest existing folder resolved (symbolic links
   * followed), then the rest of the path as written; null when nothing of it resolves.
   */
  private static Path lexicalRealPath(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    for (Path p = abs.getParent(); p != null; p = p.getParent()) {
      try {
        return p.toRealPath().resolve(p.relativize(abs));
      } catch (IOException e) {
        // not there either: one folder up
      }
    }
    return null;
  }

  private static HardmatchException refused(String where, String what) {
    return new HardmatchException(
        HardmatchException.Code.INVALID_INPUT,
        where + " " + what,
        "keep the CA and password files as regular files inside the repository (or use"
            + " bind.passwordEnv); nothing was contacted and no credential was read");
  }

  /**
   * The real path of the git work tree holding {@code file} (the nearest folder upwards with a
   * {@code .git}), else of the file's own folder; null when neither resolves.
   */
  static Path repositoryOf(Path file) {
    try {
      Path folder = file.toAbsolutePath().normalize().getParent().toRealPath();
      for (Path p = folder; p != null; p = p.getParent()) {
        if (Files.exists(p.resolve(".git"))) {
          return p;
        }
      }
      return folder;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
