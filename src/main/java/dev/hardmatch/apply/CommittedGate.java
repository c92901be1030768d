package dev.hardmatch.apply;

import dev.hardmatch.net.Loopback;
import dev.hardmatch.spec.LinksFile;
import java.util.List;

/**
 * {@code NOT_COMMITTED}: the plan and its links file are committed as reviewed — the very bytes
 * apply read and uses are their blobs at HEAD ({@link GitGate#checkCommitted}). {@code
 * --skip-git-check} skips this gate only when every endpoint the links file names, Graph and LDAP,
 * is loopback by the one rule ({@link Loopback}); {@code GIT_CHECK_REQUIRED} otherwise.
 */
final class CommittedGate implements Gate {
  private final boolean skipRequested;

  CommittedGate(boolean skipRequested) {
    this.skipRequested = skipRequested;
  }

  @Override
  public void check(Subject s, List<Refusal> refusals) {
    if (skipRequested) {
      if (s.links != null && allLoopback(s.links)) {
        return;
      }
      refusals.add(
          Refusal.of(
              Refusal.Code.GIT_CHECK_REQUIRED,
              "--skip-git-check",
              "the git gate can only be skipped when both the Graph and the LDAP endpoint are"
                  + " loopback (the sandbox)",
              "tenant.graph and directory.url on 127.0.0.1, localhost or ::1",
              s.links == null
                  ? "unknown (links file not loaded)"
                  : s.links.tenant().graph() + " and " + s.links.directory().url()));
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
    refusals.addAll(g.checkCommitted(s.planFile, s.planBytes, "plan"));
    if (s.plan != null && s.linksBytes != null && s.sourceIntact) {
      refusals.addAll(g.checkCommitted(s.linksPath, s.linksBytes, "links file"));
    }
  }

  static boolean allLoopback(LinksFile links) {
    return Loopback.isUrl(links.tenant().graph()) && Loopback.isUrl(links.directory().url());
  }
}
