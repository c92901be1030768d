package dev.hardmatch.apply;

import dev.hardmatch.net.Loopback;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.util.Sha256;
import java.util.List;
import java.util.Optional;

/**
 * {@code NOT_COMMITTED} (and {@code SOURCE_CHANGED} at HEAD): the plan and its links file are
 * committed as reviewed. {@code --skip-git-check} skips this gate against a loopback sandbox only
 * ({@code GIT_CHECK_REQUIRED} otherwise).
 */
final class CommittedGate implements Gate {
  private final boolean skipRequested;

  CommittedGate(boolean skipRequested) {
    this.skipRequested = skipRequested;
  }

  @Override
  public void check(Subject s, List<Refusal> refusals) {
    if (skipRequested) {
      if (s.links != null && Loopback.isUrl(s.links.tenant().graph())) {
        return;
      }
      refusals.add(
          Refusal.of(
              Refusal.Code.GIT_CHECK_REQUIRED,
              "--skip-git-check",
              "the git gate can only be skipped against a loopback (sandbox) Graph endpoint",
              "tenant.graph on 127.0.0.1, localhost or ::1",
              s.links == null ? "unknown (links file not loaded)" : s.links.tenant().graph()));
    }
    if (s.git.isEmpty()) {
      refusals.add(
          Refusal.of(
              Refusal.Code.NOT_COMMITTED,
              "plan " + s.planFile.getFileName(),
              "is not inside a git repository; apply only plans that were committed and"
                  + " reviewed"));
      return;
    }
    GitGate g = s.git.get();
    refusals.addAll(g.checkCommitted(s.planFile, "plan"));
    if (s.plan != null && s.linksPath != null && s.sourceIntact) {
      checkSourceCommitted(g, s.plan, refusals);
    }
  }

  private static void checkSourceCommitted(GitGate g, Plan plan, List<Refusal> refusals) {
    String rel = plan.source().path();
    String subject = "links file " + rel;
    Optional<byte[]> committed = g.committedBytes(rel);
    if (committed.isEmpty()) {
      refusals.add(
          Refusal.of(
              Refusal.Code.NOT_COMMITTED,
              subject,
              "is not committed at HEAD; commit it with the plan and have both reviewed"));
      return;
    }
    String atHead = Sha256.hex(committed.get());
    if (!atHead.equalsIgnoreCase(plan.source().sha256())) {
      refusals.add(
          Refusal.of(
              Refusal.Code.SOURCE_CHANGED,
              subject,
              "the version committed at HEAD is not the one planned from",
              "sha256 " + plan.source().sha256(),
              "sha256 " + atHead + " at HEAD"));
    }
  }
}
