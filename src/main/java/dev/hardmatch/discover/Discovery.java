package dev.hardmatch.discover;

import java.util.List;

/**
 * What discovery found.
 *
 * @param proposals every proposal whatever its confidence, sorted by sam
 * @param ambiguous matches that cannot be told apart (their proposals are low)
 * @param unmatchedAd AD users in scope without a proposal, with the reason
 * @param unmatchedCloud UPNs of cloud-only accounts no AD user matches
 * @param syncWillDuplicate sams of AD users with a cloud account, no link and no duplicate yet,
 *     that sync's soft match cannot take over: the next cycle creates a duplicate for them
 * @param kept AD users already linked in the links file (not proposed again)
 * @param skippedDisabled disabled AD users left out (without {@code --include-disabled})
 */
public record Discovery(
    List<Proposal> proposals,
    List<Ambiguity> ambiguous,
    List<Unmatched> unmatchedAd,
    List<String> unmatchedCloud,
    List<String> syncWillDuplicate,
    int kept,
    int skippedDisabled) {

  public Discovery {
    proposals = List.copyOf(proposals);
    ambiguous = List.copyOf(ambiguous);
    unmatchedAd = List.copyOf(unmatchedAd);
    unmatchedCloud = List.copyOf(unmatchedCloud);
    syncWillDuplicate = List.copyOf(syncWillDuplicate);
  }

  /** How many proposals have this confidence. */
  public long count(Confidence confidence) {
    return proposals.stream().filter(p -> p.confidence() == confidence).count();
  }
}
