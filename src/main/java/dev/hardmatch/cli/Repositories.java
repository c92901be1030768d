package dev.hardmatch.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** Where a file sits relative to the git work tree that holds it. */
final class Repositories {
  private Repositories() {}

  /**
   * The path of {@code file} relative to the root of the git work tree containing it (what apply
   * looks up at HEAD), or relative to {@code workDir} when it is in no repository. Always with
   * forward slashes.
   */
  static String relativeToRepository(Path file, Path workDir) {
    Path abs = (file.isAbsolute() ? file : workDir.resolve(file)).toAbsolutePath().normalize();
    Path root = workTree(abs.getParent());
    Path base = root != null ? root : workDir.toAbsolutePath().normalize();
    Path rel = abs.startsWith(base) ? base.relativize(abs) : abs;
    return rel.toString().replace(File.separatorChar, '/');
  }

  /** The work tree root above {@code dir}, or null. */
  static Path workTree(Path dir) {
    if (dir == null) {
      return null;
    }
    FileRepositoryBuilder b = new FileRepositoryBuilder().findGitDir(dir.toFile());
    if (b.getGitDir() == null) {
      return null;
    }
    // JGit finds the work tree itself: the parent of .git, or for a linked worktree (.git is a
    // file pointing into the main repository's worktrees/) the folder that file is in.
    try (Repository repo = b.build()) {
      return repo.isBare() ? null : repo.getWorkTree().toPath().toAbsolutePath().normalize();
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }
}
