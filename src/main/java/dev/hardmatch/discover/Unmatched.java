package dev.hardmatch.discover;

/** An AD user in scope for which discovery proposes nothing, and why. */
public record Unmatched(String sam, Reason reason, String detail) {

  /** Every reason an AD user is left without a proposal. */
  public enum Reason {
    /** No cloud account shares an identifier or the name: the person has no cloud account. */
    NO_CLOUD_ACCOUNT("no cloud account matches"),
    /** Sync already created a user for it, but no cloud-only account matches it. */
    ONLY_DUPLICATE("only the sync-created duplicate exists"),
    /** The matching account is already linked to another sAMAccountName in the links file. */
    LINKED_TO_OTHER("its match is linked to another AD user in the file"),
    /** The matching account is synced from, or anchored to, another AD object. */
    ANCHORED_ELSEWHERE("its match is anchored to another AD object"),
    /** Its only match is a name match for an account another AD user matches by identifiers. */
    CLAIMED_BY_OTHER("its match belongs to another AD user");

    private final String text;

    Reason(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }
}
