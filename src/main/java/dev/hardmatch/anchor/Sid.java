package dev.hardmatch.anchor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * A Windows security identifier: the binary objectSid LDAP returns and the SDDL string ({@code
 * S-1-5-21-…}) Graph shows as onPremisesSecurityIdentifier. Binary layout (MS-DTYP 2.4.2.2):
 * revision, sub-authority count, a 48-bit big-endian identifier authority, then each sub-authority
 * as a 32-bit little-endian number.
 */
public final class Sid {
  private Sid() {}

  /** The SDDL string of a binary SID; null when the octets are not a SID. */
  public static String toText(byte[] raw) {
    if (raw == null || raw.length < 8 || raw[0] != 1) {
      return null;
    }
    int count = raw[1] & 0xff;
    if (raw.length != 8 + 4 * count) {
      return null;
    }
    long authority = 0;
    for (int i = 2; i < 8; i++) {
      authority = (authority << 8) | (raw[i] & 0xff);
    }
    StringBuilder sb = new StringBuilder("S-1-").append(authority);
    ByteBuffer sub = ByteBuffer.wrap(raw, 8, 4 * count).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      sb.append('-').append(Integer.toUnsignedLong(sub.getInt()));
    }
    return sb.toString();
  }

  /** The binary form of an SDDL string such as {@code S-1-5-21-1-2-3-1104}. */
  public static byte[] toBytes(String text) {
    String[] parts = text.trim().toUpperCase(Locale.ROOT).split("-");
    if (parts.length < 3 || !parts[0].equals("S") || !parts[1].equals("1")) {
      throw new IllegalArgumentException("not a SID: " + text);
    }
    int count = parts.length - 3;
    ByteBuffer b = ByteBuffer.allocate(8 + 4 * count);
    b.put((byte) 1).put((byte) count);
    long authority = Long.parseLong(parts[2]);
    for (int shift = 40; shift >= 0; shift -= 8) {
      b.put((byte) (authority >>> shift));
    }
    b.order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 3; i < parts.length; i++) {
      b.putInt((int) Long.parseLong(parts[i]));
    }
    return b.array();
  }
}
