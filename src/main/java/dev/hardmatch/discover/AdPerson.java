package dev.hardmatch.discover;

import java.util.List;

/**
 * An AD user as discovery sees it: the identifiers and names that can point at a cloud account.
 *
 * @param anchor the ImmutableId sync gives this user (Base64 of the source anchor), or null when it
 *     has no valid anchor
 * @param sid objectSid as an SDDL string (S-1-5-21-…), or null
 * @param proxyAddresses as AD stores them ({@code SMTP:} marks the primary address)
 */
public record AdPerson(
    String sam,
    String dn,
    String upn,
    String anchor,
    String sid,
    String employeeId,
    String mail,
    List<String> proxyAddresses,
    String givenName,
    String surname,
    String displayName,
    boolean enabled) {

  public AdPerson {
    proxyAddresses = proxyAddresses == null ? List.of() : List.copyOf(proxyAddresses);
  }
}
