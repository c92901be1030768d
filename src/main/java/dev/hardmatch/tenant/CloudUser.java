package dev.hardmatch.tenant;

import java.util.List;

/**
 * An Entra ID user as read from Graph (property names as in Graph). {@code assignedLicenses} holds
 * the skuIds. {@code deletedDateTime} is set only for users in the recycle bin.
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
    String deletedDateTime) {

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
