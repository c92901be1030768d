package dev.hardmatch.apply;

import java.util.List;

/** {@code WRONG_BRANCH}: with {@code --require-branch}, HEAD is that branch (or at its tip). */
final class BranchGate implements Gate {
  private final String requiredBranch;

  /** {@code requiredBranch} null: any branch will do. */
  BranchGate(String requiredBranch) {
    this.requiredBranch = requiredBranch;
  }

  @Override
  public void check(Subject s, List<Refusal> refusals) {
    if (requiredBranch == null) {
      return;
    }
    if (s.git.isEmpty()) {
      refusals.add(
          Refusal.of(
              Refusal.Code.WRONG_BRANCH,
              "HEAD",
              "not in a git repository",
              requiredBranch,
              "no repository"));
      return;
    }
    String head = s.git.get().headIfNotOn(requiredBranch);
    if (head != null) {
      refusals.add(
          Refusal.of(
              Refusal.Code.WRONG_BRANCH,
              "HEAD",
              "apply runs only from the required branch",
              "branch " + requiredBranch,
              head));
    }
  }
}
