package dev.hardmatch.apply;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.util.TextHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The git gate (docs/apply.md), through JGit: the plan file is tracked and identical to its blob at
 * HEAD, and so is the links file it was made from. What is applied is exactly what was reviewed.
 */
public final class GitGate implements AutoCloseable {
  private final Repository repo;
  private final Path workTree;

  private GitGate(Repository repo) throws IOException {
    this.repo = repo;
    this.workTree = repo.getWorkTree().toPath().toRealPath();
  }

  /**
   * Opens the repository containing {@code file}, searching upwards; empty when the file is in no
   * git working tree.
   */
  public static Optional<GitGate> forFile(Path file) {
    Path dir = file.toAbsolutePath().normalize().getParent();
    while (dir != null && !Files.isDirectory(dir)) {
      dir = dir.getParent();
    }
    if (dir == null) {
      return Optional.empty();
    }
    FileRepositoryBuilder b = new FileRepositoryBuilder().findGitDir(dir.toFile());
    if (b.getGitDir() == null) {
      return Optional.empty();
    }
    try {
      Repository repo = b.setMustExist(true).build();
      if (repo.isBare()) {
        repo.close();
        return Optional.empty();
      }
      return Optional.of(new GitGate(repo));
    } catch (IOException | IllegalArgumentException e) {
      throw new HardmatchException(
          HardmatchException.Code.IO,
          "cannot open the git repository at " + b.getGitDir() + ": " + e.getMessage(),
          "check the repository with 'git status'",
          e);
    }
  }

  /** The root of the working tree. */
  public Path workTree() {
    return workTree;
  }

  /**
   * Checks that {@code bytes}, what apply read from {@code file} and will use, are its blob at
   * HEAD: byte for byte, read from the commit itself, so index flags ({@code assume-unchanged},
   * {@code skip-worktree}) change nothing. The file must not be a symbolic link (any symlink is
   * refused, wherever it points) and its real path, folders' links resolved, must lie inside the
   * work tree, committed there as a regular file. Returns the refusals; none when committed as is.
   */
  public List<Refusal> checkCommitted(Path file, byte[] bytes, String what) {
    List<Refusal> out = new ArrayList<>();
    if (Files.isSymbolicLink(file)) {
      out.add(
          Refusal.of(
              Refusal.Code.NOT_COMMITTED,
              what + " " + file.getFileName(),
              "is a symbolic link; apply reads only regular files, committed as such (a link"
                  + " would let apply read what was never reviewed)"));
      return out;
    }
    String rel = relative(file);
    if (rel == null) {
      out.add(
          Refusal.of(
              Refusal.Code.NOT_COMMITTED,
              what + " " + file,
              "is outside the git working tree " + workTree + "; commit it there and review it"));
      return out;
    }
    String subject = what + " " + rel;
    try {
      ObjectId head = repo.resolve(Constants.HEAD + "^{tree}");
      if (head == null) {
        out.add(
            Refusal.of(
                Refusal.Code.NOT_COMMITTED,
                subject,
                "the repository has no commit yet; commit the file and have it reviewed"));
        return out;
      }
      byte[] committed;
      try (TreeWalk tw = TreeWalk.forPath(repo, rel, head)) {
        if (tw == null) {
          out.add(
              Refusal.of(
                  Refusal.Code.NOT_COMMITTED,
                  subject,
                  "is not committed at HEAD; commit it and have it reviewed before applying"));
          return out;
        }
        FileMode mode = tw.getFileMode(0);
        if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
          out.add(
              Refusal.of(
                  Refusal.Code.NOT_COMMITTED,
                  subject,
                  "is committed at HEAD as a symbolic link or submodule, not as a file; commit"
                      + " the file itself and have it reviewed"));
          return out;
        }
        committed = repo.open(tw.getObjectId(0)).getBytes();
      }
      if (bytes == null) {
        out.add(
            Refusal.of(
                Refusal.Code.NOT_COMMITTED,
                subject,
                "is committed but missing from the working tree; check it out again"));
        return out;
      }
      // The same text is the rule: a checkout's line-ending conversion (core.autocrlf, eol) or an
      // editor's byte-order mark changes no digest (docs/plan-format.md), so it refuses nothing.
      // Decided from the bytes alone, never from git's status (which index flags fool).
      if (!TextHash.sameText(committed, bytes)) {
        out.add(
            Refusal.of(
                Refusal.Code.NOT_COMMITTED,
                subject,
                "differs from its committed version at HEAD (edited after commit?);"
                    + " revert it with 'git checkout -- "
                    + rel
                    + "' or commit and review the change",
                "content of HEAD:" + rel,
                "local modifications"));
      }
    } catch (IOException e) {
      throw new HardmatchException(
          HardmatchException.Code.IO,
          "cannot read " + rel + " from git: " + e.getMessage(),
          null,
          e);
    }
    return out;
  }

  /** The blob of {@code rel} (relative to the working tree) at HEAD; empty when not there. */
  public Optional<byte[]> committedBytes(String rel) {
    try {
      ObjectId head = repo.resolve(Constants.HEAD + "^{tree}");
      if (head == null) {
        return Optional.empty();
      }
      try (TreeWalk tw = TreeWalk.forPath(repo, rel, head)) {
        return tw == null ? Optional.empty() : Optional.of(repo.open(tw.getObjectId(0)).getBytes());
      }
    } catch (IOException e) {
      throw new HardmatchException(
          HardmatchException.Code.IO,
          "cannot read " + rel + " from git: " + e.getMessage(),
          null,
          e);
    }
  }

  /**
   * Whether HEAD is {@code branch}, compared as full ref names, never by suffix: checked out as
   * {@code refs/heads/<branch>}, or a detached HEAD (as CI systems check out) at the commit of
   * {@code refs/heads/<branch>} or {@code refs/remotes/<remote>/<branch>} for a configured remote
   * (so {@code refs/remotes/origin/feature/main} is not {@code main}). A full ref name ({@code
   * refs/...}) is compared as given. Null when it is; else what HEAD is.
   */
  public String headIfNotOn(String branch) {
    try {
      Set<String> wanted = new HashSet<>();
      if (branch.startsWith(Constants.R_REFS)) {
        wanted.add(branch);
      } else {
        wanted.add(Constants.R_HEADS + branch);
        Set<String> remotes = repo.getRemoteNames();
        for (String remote : remotes) {
          wanted.add(Constants.R_REMOTES + remote + "/" + branch);
        }
      }
      String full = repo.getFullBranch(); // refs/heads/x, or an id when detached
      if (full != null && wanted.contains(full) && full.startsWith(Constants.R_HEADS)) {
        return null;
      }
      ObjectId head = repo.resolve(Constants.HEAD);
      if (head != null && full != null && ObjectId.isId(full)) {
        for (String name : wanted) {
          Ref ref = repo.exactRef(name);
          if (ref != null && head.equals(ref.getObjectId())) {
            return null;
          }
        }
        try (RevWalk rw = new RevWalk(repo)) {
          RevCommit c = rw.parseCommit(head);
          return "detached HEAD at " + c.abbreviate(8).name();
        }
      }
      String current = repo.getBranch();
      return current == null ? "no branch" : "branch " + current;
    } catch (IOException e) {
      throw new HardmatchException(
          HardmatchException.Code.IO, "cannot read HEAD: " + e.getMessage(), null, e);
    }
  }

  /** {@code file} relative to the working tree with '/' separators; null when outside it. */
  public String relative(Path file) {
    Path real;
    try {
      Path abs = file.toAbsolutePath().normalize();
      Path parent = abs.getParent().toRealPath();
      real = parent.resolve(abs.getFileName());
    } catch (IOException e) {
      return null;
    }
    if (!real.startsWith(workTree) || real.equals(workTree)) {
      return null;
    }
    return workTree.relativize(real).toString().replace('\\', '/');
  }

  @Override
  public void close() {
    repo.close();
  }
}
