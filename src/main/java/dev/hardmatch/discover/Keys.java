package dev.hardmatch.discover;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How identifiers and names are compared: addresses ignoring case, names ignoring accents too. */
final class Keys {
  private Keys() {}

  /** A mail address or UPN lower-cased; a proxy address without its {@code smtp:} prefix. */
  static String address(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.trim();
    int colon = s.indexOf(':');
    if (colon >= 0) {
      if (!s.substring(0, colon).equalsIgnoreCase("smtp")) {
        return null; // X500:, SIP:, … are not mail addresses
      }
      s = s.substring(colon + 1).trim();
    }
    return s.indexOf('@') > 0 ? s.toLowerCase(Locale.ROOT) : null;
  }

  /** The primary SMTP address: the {@code SMTP:} proxy (upper case marks it), else mail. */
  static String primarySmtp(String mail, List<String> proxyAddresses) {
    for (String p : proxyAddresses) {
      if (p != null && p.startsWith("SMTP:")) {
        return address(p);
      }
    }
    return address(mail);
  }

  /** Every SMTP proxy address, lower-cased, without prefix. */
  static List<String> smtpProxies(List<String> proxyAddresses) {
    List<String> out = new ArrayList<>();
    for (String p : proxyAddresses) {
      String a = address(p);
      if (a != null && !out.contains(a)) {
        out.add(a);
      }
    }
    return out;
  }

  /** Given name and surname as one comparable text; null unless both are set. */
  static String name(String givenName, String surname) {
    String g = text(givenName);
    String s = text(surname);
    return g == null || s == null ? null : g + " " + s;
  }

  /**
   * A name compared the way people read it: case, accents, punctuation and repeated spaces do not
   * count ("José O'Neil" = "jose o neil"). Null when nothing is left.
   */
  static String text(String raw) {
    if (raw == null) {
      return null;
    }
    String s = Normalizer.normalize(raw, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    s = s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
    return s.isEmpty() ? null : s;
  }

  /** The part of a UPN before the last '@', lower-cased; null when there is none. */
  static String localPart(String upn) {
    if (upn == null) {
      return null;
    }
    int at = upn.lastIndexOf('@');
    return at > 0 ? upn.substring(0, at).toLowerCase(Locale.ROOT) : null;
  }

  static String lower(String s) {
    return s == null || s.isBlank() ? null : s.trim().toLowerCase(Locale.ROOT);
  }
}
