package dev.hardmatch.directory;

import java.util.List;

/**
 * An AD user as read over LDAP. GUID attributes are the raw octets exactly as the server returned
 * them (never re-ordered); {@code consistencyGuid} is null when mS-DS-ConsistencyGuid is not set;
 * {@code objectSid} is the binary SID, null when not read.
 */
public record AdUser(
    String dn,
    String samAccountName,
    String userPrincipalName,
    byte[] objectGuid,
    byte[] consistencyGuid,
    String displayName,
    String givenName,
    String surname,
    String mail,
    List<String> proxyAddresses,
    int userAccountControl,
    byte[] objectSid) {

  /** A user whose objectSid was not read. */
  public AdUser(
      String dn,
      String samAccountName,
      String userPrincipalName,
      byte[] objectGuid,
      byte[] consistencyGuid,
      String displayName,
      String givenName,
      String surname,
      String mail,
      List<String> proxyAddresses,
      int userAccountControl) {
    this(
        dn,
        samAccountName,
        userPrincipalName,
        objectGuid,
        consistencyGuid,
        displayName,
        givenName,
        surname,
        mail,
        proxyAddresses,
        userAccountControl,
        null);
  }

  /** objectSid as Entra shows it in onPremisesSecurityIdentifier ("S-1-5-21-…"), or null. */
  public String sid() {
    if (objectSid == null) {
      return null;
    }
    try {
      return Sid.toSddl(objectSid);
    } catch (IllegalArgumentException e) {
      return null; // not a SID: nothing to match a duplicate by
    }
  }
}
