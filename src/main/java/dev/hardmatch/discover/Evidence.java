package dev.hardmatch.discover;

/**
 * One reason (or doubt) behind a proposal, printed as {@code kind: detail}, e.g. {@code mail:
 * john.smith@contoso.com = cloud userPrincipalName}.
 */
public record Evidence(Kind kind, String detail) {

  /** What agreed or disagreed, and how much it weighs. */
  public enum Kind {
    UPN("upn", Tier.EXACT),
    MAIL("mail", Tier.EXACT),
    PROXY_ADDRESS("proxyAddress", Tier.EXACT),
    EMPLOYEE_ID("employeeId", Tier.EXACT),
    NAME("name", Tier.NAME),
    DISPLAY_NAME("displayName", Tier.NAME),
    SAM_ACCOUNT_NAME("samAccountName", Tier.NAME),
    /** The account already holds the user's anchor: the link exists. */
    LINKED("linked", Tier.NONE),
    /** The sync-created duplicate and why it is one. */
    DUPLICATE("duplicate", Tier.NONE),
    /** Something that speaks against the proposal or lowers its confidence. */
    DOUBT("doubt", Tier.NONE);

    private final String key;
    private final Tier tier;

    Kind(String key, Tier tier) {
      this.key = key;
      this.tier = tier;
    }

    public String key() {
      return key;
    }

    Tier tier() {
      return tier;
    }
  }

  /** Exact identifiers outweigh names; names outweigh nothing. */
  enum Tier {
    NONE,
    NAME,
    EXACT
  }

  @Override
  public String toString() {
    return kind.key() + ": " + detail;
  }
}
