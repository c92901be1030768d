package dev.hardmatch.apply;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.spec.LinksLoader;
import dev.hardmatch.util.BoundedFiles;
import dev.hardmatch.util.TextHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * {@code SOURCE_CHANGED}: the links file recorded in the plan is found, has the planned SHA-256 and
 * still loads. Its bytes are read once, bounded, from a regular file: the same bytes are hashed,
 * compared with git by {@link CommittedGate} and parsed, so what is checked is what is used. Sets
 * {@link Gate.Subject#links} for the gates after it.
 */
final class SourceGate implements Gate {
  private final Path workDir;
  private final BiFunction<Path, byte[], LinksFile> loadLinks;

  SourceGate(Path workDir, BiFunction<Path, byte[], LinksFile> loadLinks) {
    this.workDir = workDir;
    this.loadLinks = loadLinks;
  }

  @Override
  public void check(Subject s, List<Refusal> refusals) {
    if (s.plan == null) {
      return;
    }
    s.linksPath = locate(s);
    String subject = "links file " + s.plan.source().path();
    if (Files.isSymbolicLink(s.linksPath)) {
      refusals.add(
          Refusal.of(
              Refusal.Code.NOT_COMMITTED,
              subject,
              "is a symbolic link; apply reads only regular files, committed as such"));
      return;
    }
    if (!Files.exists(s.linksPath)) {
      refusals.add(
          Refusal.of(
              Refusal.Code.SOURCE_CHANGED,
              subject,
              "not found (looked at " + s.linksPath + ")",
              "sha256 " + s.plan.source().sha256(),
              "no file"));
      return;
    }
    try {
      s.linksBytes =
          BoundedFiles.read(
              s.linksPath, LinksLoader.MAX_BYTES, "links file", HardmatchException.Code.IO);
    } catch (HardmatchException e) {
      refusals.add(Refusal.of(Refusal.Code.SOURCE_CHANGED, subject, e.getMessage()));
      return;
    }
    s.sourceIntact = checkHash(s.plan, s.linksBytes, refusals);
    try {
      s.links = loadLinks.apply(s.linksPath, s.linksBytes);
    } catch (HardmatchException e) {
      refusals.add(
          Refusal.of(
              Refusal.Code.SOURCE_CHANGED,
              subject,
              "cannot be loaded any more: " + e.getMessage()));
    }
  }

  /**
   * Where the links file recorded in {@code source.path} is: relative to the repository root (what
   * {@code plan} records), else to the working folder or the plan's folder.
   */
  private Path locate(Subject s) {
    String rel = s.plan.source().path();
    List<Path> candidates = new ArrayList<>();
    s.git.ifPresent(g -> candidates.add(g.workTree().resolve(rel)));
    Path planDir = s.planFile.toAbsolutePath().getParent();
    candidates.add(workDir.resolve(rel));
    if (planDir != null) {
      candidates.add(planDir.resolve(rel));
    }
    for (Path c : candidates) {
      if (Files.exists(c, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return c.normalize();
      }
    }
    return candidates.get(0).normalize();
  }

  private static boolean checkHash(Plan plan, byte[] bytes, List<Refusal> refusals) {
    String actual = TextHash.sha256(bytes);
    if (!actual.equalsIgnoreCase(plan.source().sha256())) {
      refusals.add(
          Refusal.of(
              Refusal.Code.SOURCE_CHANGED,
              "links file " + plan.source().path(),
              "changed since planning",
              "sha256 " + plan.source().sha256(),
              "sha256 " + actual));
      return false;
    }
    return true;
  }
}
