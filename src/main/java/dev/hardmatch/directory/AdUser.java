package dev.hardmatch.directory;

import java.util.List;

/**
 * An AD user as read over LDAP. GUID attributes are the raw octets exactly as the server returned
 * them (never re-ordered); {@code consistencyGuid} is null when mS-DS-ConsistencyGuid is not set.
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
    int userAccountControl) {}
