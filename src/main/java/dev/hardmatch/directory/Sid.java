package dev.hardmatch.directory;

/**
 * A Windows security identifier from its binary form (objectSid as LDAP returns it) to the string
 * form Entra shows in {@code onPremisesSecurityIdentifier}, e.g. {@code
 * S-1-5-21-1004336348-1177238915-682003330-512}.
 *
 * <p>Binary layout: revision (1 byte), number of sub-authorities n (1 byte), identifier authority
 * (6 bytes, big-endian), then n sub-authorities (4 bytes each, little-endian).
 */
public final class Sid {
  private Sid() {}

  /** The string form; throws {@link IllegalArgumentException} for bytes that are no SID. */
  public static String toSddl(byte[] sid) {
    if (sid == null || sid.length < 8) {
      throw new IllegalArgumentException("a SID has at least 8 octets");
    }
    int count = sid[1] & 0xff;
    if (sid.length != 8 + 4 * count) {
      throw new IllegalArgumentException(
          "a SID with " + count + " sub-authorities has " + (8 + 4 * count) + " octets");
    }
    long authority = 0;
    for (int i = 2; i < 8; i++) {
      authority = (authority << 8) | (sid[i] & 0xff);
    }
    StringBuilder sb = new StringBuilder("S-").append(sid[0] & 0xff).append('-').append(authority);
    for (int i = 0; i < count; i++) {
      int at = 8 + 4 * i;
      long sub =
          (sid[at] & 0xffL)
              | (sid[at + 1] & 0xffL) << 8
              | (sid[at + 2] & 0xffL) << 16
              | (sid[at + 3] & 0xffL) << 24;
      sb.append('-').append(sub);
    }
    return sb.toString();
  }
}
