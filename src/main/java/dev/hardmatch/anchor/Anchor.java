package dev.hardmatch.anchor;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A source anchor: the 16 raw bytes of objectGUID or mS-DS-ConsistencyGuid exactly as LDAP returns
 * them. Those bytes are already in .NET {@code Guid.ToByteArray()} order (first three groups
 * little-endian), so the ImmutableId is their plain Base64. Never build one from {@code
 * java.util.UUID#getMostSignificantBits()}: that is big-endian and gives a valid-looking wrong
 * value.
 */
public final class Anchor {
  private static final Pattern GUID =
      Pattern.compile(
          "\\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}?");
  private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2}[ :\\\\-]?){16}");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{22}==");

  /** What kind of text a value was given as. */
  public enum Form {
    GUID,
    IMMUTABLE_ID,
    HEX
  }

  private final byte[] bytes;

  private Anchor(byte[] bytes) {
    if (bytes == null || bytes.length != 16) {
      throw new IllegalArgumentException(
          "an anchor has 16 bytes, got " + (bytes == null ? "none" : bytes.length));
    }
    this.bytes = bytes.clone();
  }

  /** The raw octets as read from LDAP (ToByteArray order). */
  public static Anchor ofBytes(byte[] raw) {
    return new Anchor(raw);
  }

  /** From the GUID's string form, e.g. {@code 8c4ac332-975f-4717-ad7b-ba4a4e968fff}. */
  public static Anchor fromGuid(String guid) {
    String s = guid.trim();
    if (!GUID.matcher(s).matches()) {
      throw new IllegalArgumentException("not a GUID: " + guid);
    }
    byte[] be = HexFormat.of().parseHex(s.replace("{", "").replace("}", "").replace("-", ""));
    byte[] le = be.clone();
    reverse(le, 0, 4);
    reverse(le, 4, 2);
    reverse(le, 6, 2);
    return new Anchor(le);
  }

  /** From an ImmutableId (Base64 of the 16 octets). */
  public static Anchor fromImmutableId(String immutableId) {
    String s = immutableId.trim();
    if (!BASE64.matcher(s).matches()) {
      throw new IllegalArgumentException("not a 16-byte Base64 ImmutableId: " + immutableId);
    }
    return new Anchor(Base64.getDecoder().decode(s));
  }

  /** From a hex octet string as shown for mS-DS-ConsistencyGuid ({@code 32c34a8c…}). */
  public static Anchor fromHex(String hex) {
    String s = hex.trim();
    if (!HEX.matcher(s).matches()) {
      throw new IllegalArgumentException("not 16 hex octets: " + hex);
    }
    return new Anchor(HexFormat.of().parseHex(s.replaceAll("[ :\\\\-]", "")));
  }

  /** Recognises which form a value is in. Returns null when it is none of them. */
  public static Form recognise(String value) {
    String s = value.trim();
    if (GUID.matcher(s).matches()) {
      return Form.GUID;
    }
    if (BASE64.matcher(s).matches()) {
      return Form.IMMUTABLE_ID;
    }
    if (HEX.matcher(s).matches()) {
      return Form.HEX;
    }
    return null;
  }

  /** Parses a value in any of the three forms. */
  public static Anchor parse(String value) {
    Form form = recognise(value);
    if (form == null) {
      throw new IllegalArgumentException(
          "not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), an ImmutableId (24 Base64 characters"
              + " ending in ==) or 32 hex digits: "
              + value);
    }
    return switch (form) {
      case GUID -> fromGuid(value);
      case IMMUTABLE_ID -> fromImmutableId(value);
      case HEX -> fromHex(value);
    };
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /** Base64 of the raw octets: the value of {@code onPremisesImmutableId}. */
  public String immutableId() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** The GUID string as Windows and samba-tool print it. */
  public String guid() {
    byte[] be = bytes.clone();
    reverse(be, 0, 4);
    reverse(be, 4, 2);
    reverse(be, 6, 2);
    String h = HexFormat.of().formatHex(be);
    return h.substring(0, 8)
        + '-'
        + h.substring(8, 12)
        + '-'
        + h.substring(12, 16)
        + '-'
        + h.substring(16, 20)
        + '-'
        + h.substring(20);
  }

  /** Lower-case hex of the raw octets, as for mS-DS-ConsistencyGuid. */
  public String hex() {
    return HexFormat.of().formatHex(bytes).toLowerCase(Locale.ROOT);
  }

  /** The octets escaped for an LDAP filter, e.g. {@code \32\c3…}. */
  public String ldapFilterValue() {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append('\\').append(String.format("%02x", b & 0xff));
    }
    return sb.toString();
  }

  private static void reverse(byte[] a, int from, int len) {
    for (int i = 0; i < len / 2; i++) {
      byte t = a[from + i];
      a[from + i] = a[from + len - 1 - i];
      a[from + len - 1 - i] = t;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Anchor other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return immutableId();
  }
}
