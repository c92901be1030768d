package dev.hardmatch.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The git gate against real repositories made with JGit. */
class GitGateTest {
  @TempDir Path dir;

  private Git init() throws Exception {
    return Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
  }

  private static RevCommit commit(Git git, String message) throws Exception {
    PersonIdent who = new PersonIdent("Reviewer", "reviewer@example.com");
    return git.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
  }

  private List<Refusal> check(Path file) {
    try (GitGate g = GitGate.forFile(file).orElseThrow()) {
      return g.checkCommitted(file, Files.exists(file) ? Files.readAllBytes(file) : null, "plan");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aFileOutsideAnyRepositoryHasNoGate() throws Exception {
    Path f = Files.writeString(dir.resolve("p.plan.json"), "{}");
    assertTrue(GitGate.forFile(f).isEmpty());
  }

  @Test
  void anUntrackedPlanIsNotCommitted() throws Exception {
    try (Git git = init()) {
      Files.writeString(dir.resolve("README"), "x");
      git.add().addFilepattern("README").call();
      commit(git, "first");
      Path plan =
          Files.writeString(
              Files.createDirectories(dir.resolve("plans")).resolve("p.plan.json"), "{}");
      List<Refusal> r = check(plan);
      assertEquals(1, r.size());
      assertEquals(Refusal.Code.NOT_COMMITTED, r.get(0).code());
      assertTrue(
          r.get(0).format().contains("plan plans/p.plan.json: is not committed at HEAD"),
          r.get(0).format());
    }
  }

  @Test
  void aRepositoryWithoutCommitsRefuses() throws Exception {
    try (Git git = init()) {
      Path plan = Files.writeString(dir.resolve("p.plan.json"), "{}");
      git.add().addFilepattern("p.plan.json").call(); // staged is not committed
      List<Refusal> r = check(plan);
      assertEquals(Refusal.Code.NOT_COMMITTED, r.get(0).code());
      assertTrue(r.get(0).message().contains("no commit yet"), r.get(0).message());
    }
  }

  @Test
  void aPlanEditedAfterCommitIsRefusedEvenWhenStaged() throws Exception {
    try (Git git = init()) {
      Path plan = Files.writeString(dir.resolve("p.plan.json"), "{\"a\":1}\n");
      git.add().addFilepattern("p.plan.json").call();
      commit(git, "plan");
      Files.writeString(plan, "{\"a\":2}\n");
      assertEquals(Refusal.Code.NOT_COMMITTED, check(plan).get(0).code());
      git.add().addFilepattern("p.plan.json").call();
      List<Refusal> r = check(plan);
      assertEquals(1, r.size());
      assertTrue(
          r.get(0).message().contains("differs from its committed version"), r.get(0).message());
    }
  }

  @Test
  void aCommittedUnchangedPlanPasses() throws Exception {
    try (Git git = init()) {
      Files.createDirectories(dir.resolve("plans"));
      Path plan = Files.writeString(dir.resolve("plans/p.plan.json"), "{\"a\":1}\n");
      git.add().addFilepattern("plans/p.plan.json").call();
      commit(git, "plan");
      assertEquals(List.of(), check(plan));
      // Found from a sub-folder path too, and other dirty files do not matter.
      Files.writeString(dir.resolve("other.txt"), "dirty");
      assertEquals(List.of(), check(dir.resolve("plans/../plans/p.plan.json")));
      try (GitGate g = GitGate.forFile(plan).orElseThrow()) {
        assertEquals(
            "{\"a\":1}\n", new String(g.committedBytes("plans/p.plan.json").orElseThrow()));
        assertTrue(g.committedBytes("plans/none.json").isEmpty());
      }
    }
  }

  @Test
  void aWorkingCopyThatDiffersFromHeadOnlyInLineEndingsIsTheCommittedText() throws Exception {
    try (Git git = init()) {
      Path plan = Files.writeString(dir.resolve("p.plan.json"), "{\"a\":1,\n\"b\":2}\n");
      git.add().addFilepattern("p.plan.json").call();
      commit(git, "plan");
      // A Windows editor saved it: CRLF and a byte-order mark; git (autocrlf unset) sees a change.
      Files.writeString(plan, "\uFEFF{\"a\":1,\r\n\"b\":2}\r\n");
      assertFalse(git.status().call().isClean());
      assertEquals(List.of(), check(plan));
      // A real edit is still refused, whatever its line endings.
      Files.writeString(plan, "{\"a\":1,\r\n\"b\":3}\r\n");
      assertEquals(Refusal.Code.NOT_COMMITTED, check(plan).get(0).code());
    }
  }

  @Test
  void aPlanCommittedThenDeletedFromHeadIsRefused() throws Exception {
    try (Git git = init()) {
      Path plan = Files.writeString(dir.resolve("p.plan.json"), "{}\n");
      git.add().addFilepattern("p.plan.json").call();
      commit(git, "plan");
      git.rm().addFilepattern("p.plan.json").setCached(true).call();
      commit(git, "untrack");
      assertEquals(Refusal.Code.NOT_COMMITTED, check(plan).get(0).code());
    }
  }

  @Test
  void requireBranchAcceptsTheBranchOrADetachedHeadAtItsTip() throws Exception {
    try (Git git = init()) {
      Files.writeString(dir.resolve("f"), "1");
      git.add().addFilepattern("f").call();
      RevCommit first = commit(git, "one");
      Path f = dir.resolve("f");
      try (GitGate g = GitGate.forFile(f).orElseThrow()) {
        assertNull(g.headIfNotOn("main"));
        assertEquals("branch main", g.headIfNotOn("release"));
      }
      git.checkout().setName(first.name()).call(); // detached, as CI checks out
      try (GitGate g = GitGate.forFile(f).orElseThrow()) {
        assertNull(g.headIfNotOn("main"));
      }
      git.checkout().setName("main").call();
      Files.writeString(dir.resolve("f"), "2");
      git.add().addFilepattern("f").call();
      commit(git, "two");
      git.checkout().setName(first.name()).call(); // detached behind main's tip
      try (GitGate g = GitGate.forFile(f).orElseThrow()) {
        String head = g.headIfNotOn("main");
        assertTrue(head.startsWith("detached HEAD at " + first.name().substring(0, 8)), head);
      }
    }
  }

  // 4. A detached HEAD at refs/remotes/origin/feature/main is not on main: full ref names only.
  @Test
  void requireBranchComparesFullRefNamesNotSuffixes() throws Exception {
    try (Git git = init()) {
      Files.writeString(dir.resolve("f"), "1");
      git.add().addFilepattern("f").call();
      RevCommit first = commit(git, "one");
      Files.writeString(dir.resolve("f"), "2");
      git.add().addFilepattern("f").call();
      RevCommit second = commit(git, "two");
      var config = git.getRepository().getConfig();
      config.setString("remote", "origin", "url", "https://example.com/repo.git");
      config.save();
      org.eclipse.jgit.lib.RefUpdate u =
          git.getRepository().updateRef("refs/remotes/origin/feature/main");
      u.setNewObjectId(second);
      u.forceUpdate();
      org.eclipse.jgit.lib.RefUpdate m = git.getRepository().updateRef("refs/remotes/origin/main");
      m.setNewObjectId(first);
      m.forceUpdate();
      git.checkout().setName(second.name()).call(); // detached at origin/feature/main
      git.branchDelete().setBranchNames("main").setForce(true).call(); // only remote refs left
      Path f = dir.resolve("f");
      try (GitGate g = GitGate.forFile(f).orElseThrow()) {
        String head = g.headIfNotOn("main");
        assertTrue(head != null && head.startsWith("detached HEAD at "), String.valueOf(head));
        assertNull(g.headIfNotOn("feature/main"));
        assertNull(g.headIfNotOn("refs/remotes/origin/feature/main"));
      }
      git.checkout().setName(first.name()).call(); // detached at origin/main
      try (GitGate g = GitGate.forFile(f).orElseThrow()) {
        assertNull(g.headIfNotOn("main"));
      }
    }
  }
}
