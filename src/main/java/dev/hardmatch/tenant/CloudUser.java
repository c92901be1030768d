package dev.hardmatch.tenant;

import java.util.List;

/**
 * An Entra ID user as read from Graph (property names as in Graph). {@code assignedLicenses} holds
 * the skuIds. {@code deletedDateTime} is set only for users in the recycle bin.
 *
 * <p>The on-premises traces ({@code onPremisesSecurityIdentifier}, {@code
 * onPremisesDistinguishedName}, {@code onPremisesLastSyncDateTime}) tell a previously synced user
 * from a cloud-only one; {@code onPremisesObjectIdentifier} is served by Graph's beta endpoint only
 * and is null when it was not read (see README, "Planning rules").
 */
public record CloudUser(
    String id,
    String userPrincipalName,
    String displayName,
    String givenName,
    String surname,
    String mail,
    List<String> proxyAddresses,
    Boolean accountEnabled,
    String onPremisesImmutableId,
    Boolean onPremisesSyncEnabled,
    List<String> assignedLicenses,
    String deletedDateTime,
    String onPremisesSecurityIdentifier,
    String onPremisesDistinguishedName,
    String onPremisesLastSyncDateTime,
    String onPremisesObjectIdentifier) {

  /** A user without on-premises traces (as before they were read). */
  public CloudUser(
      String id,
      String userPrincipalName,
      String displayName,
      String givenName,
      String surname,
      String mail,
      List<String> proxyAddresses,
      Boolean accountEnabled,
      String onPremisesImmutableId,
      Boolean onPremisesSyncEnabled,
      List<String> assignedLicenses,
      String deletedDateTime) {
    this(
        id,
        userPrincipalName,
        displayName,
        givenName,
        surname,
        mail,
        proxyAddresses,
        accountEnabled,
        onPremisesImmutableId,
        onPremisesSyncEnabled,
        assignedLicenses,
        deletedDateTime,
        null,
        null,
        null,
        null);
  }

  /** The same user with the beta-only {@code onPremisesObjectIdentifier} as read. */
  public CloudUser withOnPremisesObjectIdentifier(String value) {
    return new CloudUser(
        id,
        userPrincipalName,
        displayName,
        givenName,
        surname,
        mail,
        proxyAddresses,
        accountEnabled,
        onPremisesImmutableId,
        onPremisesSyncEnabled,
        assignedLicenses,
        deletedDateTime,
        onPremisesSecurityIdentifier,
        onPremisesDistinguishedName,
        onPremisesLastSyncDateTime,
        value);
  }

  /**
   * Sync is off but the user carries on-premises traces: it was synced once, and Entra refuses
   * changes to its on-premises attributes (README, "Planning rules", TARGET_PREVIOUSLY_SYNCED).
   */
  public boolean previouslySynced() {
    return Boolean.FALSE.equals(onPremisesSyncEnabled)
        && (onPremisesSecurityIdentifier != null
            || onPremisesDistinguishedName != null
            || onPremisesLastSyncDateTime != null);
  }

  public boolean synced() {
    return Boolean.TRUE.equals(onPremisesSyncEnabled);
  }

  public boolean licensed() {
    return assignedLicenses != null && !assignedLicenses.isEmpty();
  }

  public boolean deleted() {
    return deletedDateTime != null;
  }
}
