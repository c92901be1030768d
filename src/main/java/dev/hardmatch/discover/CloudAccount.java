package dev.hardmatch.discover;

import java.util.List;

/**
 * An Entra ID user as discovery sees it (Graph property names).
 *
 * @param sid onPremisesSecurityIdentifier: the objectSid of the AD user sync created it from
 * @param syncEnabled onPremisesSyncEnabled (null: never synced)
 * @param deleted whether it is in the recycle bin
 * @param privileged whether it holds or is eligible for a directory role (plan refuses such a
 *     target: TARGET_PRIVILEGED)
 */
public record CloudAccount(
    String id,
    String upn,
    String mail,
    List<String> proxyAddresses,
    List<String> otherMails,
    String employeeId,
    String givenName,
    String surname,
    String displayName,
    String immutableId,
    String sid,
    String onPremisesSamAccountName,
    Boolean syncEnabled,
    boolean deleted,
    boolean privileged) {

  public CloudAccount {
    proxyAddresses = proxyAddresses == null ? List.of() : List.copyOf(proxyAddresses);
    otherMails = otherMails == null ? List.of() : List.copyOf(otherMails);
  }

  /** The object id is an account's identity (cheaper than comparing every property). */
  @Override
  public boolean equals(Object o) {
    return o instanceof CloudAccount other && java.util.Objects.equals(id, other.id);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hashCode(id);
  }

  public boolean synced() {
    return Boolean.TRUE.equals(syncEnabled);
  }

  /**
   * The real account a person could be linked to: active, cloud-only (never synced, no anchor), not
   * a guest.
   */
  public boolean cloudOnly() {
    return !deleted && !synced() && isBlank(immutableId) && !isGuest();
  }

  /** A B2B guest (#EXT# in the UPN) is never someone's own account. */
  public boolean isGuest() {
    return upn != null && upn.toUpperCase(java.util.Locale.ROOT).contains("#EXT#");
  }

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
