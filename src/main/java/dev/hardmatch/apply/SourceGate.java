package dev.hardmatch.apply;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.util.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code SOURCE_CHANGED}: the links file recorded in the plan is found, has the planned SHA-256 and
 * still loads. Sets {@link Gate.Subject#links} for the gates after it.
 */
final class SourceGate implements Gate {
  private final Path workDir;
  private final Function<Path, LinksFile> loadLinks;

  SourceGate(Path workDir, Function<Path, LinksFile> loadLinks) {
    this.workDir = workDir;
    this.loadLinks = loadLinks;
  }

  @Override
  public void check(Subject s, List<Refusal> refusals) {
    if (s.plan == null) {
      return;
    }
    s.linksPath = locate(s);
    s.sourceIntact = checkHash(s.plan, s.linksPath, refusals);
    if (Files.isRegularFile(s.linksPath)) {
      try {
        s.links = loadLinks.apply(s.linksPath);
      } catch (HardmatchException e) {
        refusals.add(
            Refusal.of(
                Refusal.Code.SOURCE_CHANGED,
                "links file " + s.plan.source().path(),
                "cannot be loaded any more: " + e.getMessage()));
      }
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
      if (Files.isRegularFile(c)) {
        return c.normalize();
      }
    }
    return candidates.get(0).normalize();
  }

  private static boolean checkHash(Plan plan, Path linksPath, List<Refusal> refusals) {
    String subject = "links file " + plan.source().path();
    if (!Files.isRegularFile(linksPath)) {
      refusals.add(
          Refusal.of(
              Refusal.Code.SOURCE_CHANGED,
              subject,
              "not found (looked at " + linksPath + ")",
              "sha256 " + plan.source().sha256(),
              "no file"));
      return false;
    }
    String actual = Sha256.hex(linksPath);
    if (!actual.equalsIgnoreCase(plan.source().sha256())) {
      refusals.add(
          Refusal.of(
              Refusal.Code.SOURCE_CHANGED,
              subject,
              "changed since planning",
              "sha256 " + plan.source().sha256(),
              "sha256 " + actual));
      return false;
    }
    return true;
  }
}
