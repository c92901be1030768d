package dev.hardmatch.tenant;

import java.util.List;

/**
 * A user as the whole-tenant listing reads it for discovery (property names as in Graph): what can
 * tie it to an AD user, not what a plan needs.
 *
 * @param deleted whether it is in the recycle bin
 */
public record ListedUser(
    String id,
    String userPrincipalName,
    String displayName,
    String givenName,
    String surname,
    String mail,
    List<String> proxyAddresses,
    List<String> otherMails,
    String employeeId,
    String onPremisesImmutableId,
    String onPremisesSecurityIdentifier,
    String onPremisesSamAccountName,
    Boolean onPremisesSyncEnabled,
    boolean deleted) {

  public ListedUser {
    proxyAddresses = proxyAddresses == null ? List.of() : List.copyOf(proxyAddresses);
    otherMails = otherMails == null ? List.of() : List.copyOf(otherMails);
  }
}
