package dev.hardmatch.apply;

import dev.hardmatch.HardmatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
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
   * Checks that {@code file} is tracked and identical to its blob at HEAD. Returns the refusals
   * ({@code code} for the file, described as {@code what}); none when it is committed as is.
   */
  public List<Refusal> checkCommitted(Path file, String what) {
    List<Refusal> out = new ArrayList<>();
    String rel = relative(file);
    String subject = what + " " + rel;
    if (rel == null) {
      out.add(
          Refusal.of(
              Refusal.Code.NOT_COMMITTED,
              what + " " + file,
              "is outside the git working tree " + workTree + "; commit it there and review it"));
      return out;
    }
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
        committed = repo.open(tw.getObjectId(0)).getBytes();
      }
      if (!Files.exists(file)) {
        out.add(
            Refusal.of(
                Refusal.Code.NOT_COMMITTED,
                subject,
                "is committed but missing from the working tree; check it out again"));
        return out;
      }
      byte[] onDisk = Files.readAllBytes(file);
      // Byte-identical is the rule; a clean status also counts, for checkouts whose filters (e.g.
      // core.autocrlf) make the working copy differ from the blob in line endings only.
      if (!Arrays.equals(committed, onDisk) && !clean(rel)) {
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
   * Whether HEAD is {@code branch}: checked out by name, or a detached HEAD (as CI systems check
   * out) at the tip of that local or remote-tracking branch. Null when it is; else what HEAD is.
   */
  public String headIfNotOn(String branch) {
    try {
      String current = repo.getBranch();
      if (branch.equals(current)) {
        return null;
      }
      ObjectId head = repo.resolve(Constants.HEAD);
      if (head != null && ObjectId.isId(current)) {
        for (Ref ref : repo.getRefDatabase().getRefs()) {
          String name = ref.getName();
          boolean sameBranch =
              name.equals(Constants.R_HEADS + branch)
                  || (name.startsWith(Constants.R_REMOTES) && name.endsWith("/" + branch));
          if (sameBranch && head.equals(ref.getObjectId())) {
            return null;
          }
        }
        try (RevWalk rw = new RevWalk(repo)) {
          RevCommit c = rw.parseCommit(head);
          return "detached HEAD at " + c.abbreviate(8).name();
        }
      }
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

  private boolean clean(String rel) {
    try (Git git = new Git(repo)) {
      Status st = git.status().addPath(rel).call();
      return st.isClean();
    } catch (GitAPIException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    repo.close();
  }
}
