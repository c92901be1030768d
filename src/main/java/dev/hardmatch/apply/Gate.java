package dev.hardmatch.apply;

import dev.hardmatch.plan.Plan;
import dev.hardmatch.spec.LinksFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One of apply's checks before the first write (see README, "Applying"). Gates only read and add
 * {@link Refusal}s; they run in a fixed order over one {@link Subject}, and every refusal is
 * collected, so the user sees all that is wrong at once.
 */
interface Gate {
  void check(Subject subject, List<Refusal> refusals);

  /**
   * What the gates look at: the plan file (and the plan, when it could be read), the repository it
   * is in, and the links file it was made from, which {@link SourceGate} finds and loads.
   */
  final class Subject {
    final Path planFile;
    final Plan plan;

    /** The plan's bytes as read once: the ones checked against git and the ones parsed. */
    final byte[] planBytes;

    final Optional<GitGate> git;
    Path linksPath;

    /** The links file's bytes as read once (null when unreadable): hashed, checked, parsed. */
    byte[] linksBytes;

    LinksFile links;

    /** The links file on disk is the one planned from. */
    boolean sourceIntact;

    Subject(Path planFile, Plan plan, byte[] planBytes, Optional<GitGate> git) {
      this.planFile = planFile;
      this.plan = plan;
      this.planBytes = planBytes;
      this.git = git;
    }
  }
}
