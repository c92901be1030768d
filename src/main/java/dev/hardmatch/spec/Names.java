package dev.hardmatch.spec;

import dev.hardmatch.util.Messages;

/**
 * The character and length rules for the names a links file gives: what AD accepts as a
 * sAMAccountName and a userPrincipalName, and which characters could hide or reorder text.
 */
final class Names {
  // AD's limits: "SAM-Account-Name attribute", learn.microsoft.com/windows/win32/adschema/
  // a-samaccountname ("20 characters or fewer"); userPrincipalName: [MS-ADA3] 2.349, rangeUpper
  // 1024 (learn.microsoft.com/openspecs/windows_protocols/ms-ada3/1f730d08-4f9a-44fc-b638-
  // a5d4a7f19bc3). The 64-character part before the '@' is the strictest reading: Entra ID's
  // username limit and RFC 5321's local-part limit (see README, "links.yaml").
  static final int SAM_MAX = 20;

  static final int UPN_MAX = 1024;

  static final int UPN_LOCAL_MAX = 64;

  private Names() {}

  static String upnProblem(String upn) {
    String hidden = invisible(upn);
    if (hidden != null) {
      return "it contains " + hidden;
    }
    int length = upn.codePointCount(0, upn.length());
    if (length > UPN_MAX) {
      return "it has " + length + " characters; AD allows at most " + UPN_MAX;
    }
    int at = upn.indexOf('@');
    if (at < 0) {
      return "it has no '@'";
    }
    if (upn.indexOf('@', at + 1) >= 0) {
      return "it has more than one '@'";
    }
    String local = upn.substring(0, at);
    String domain = upn.substring(at + 1);
    if (local.isEmpty()) {
      return "nothing before the '@'";
    }
    if (local.codePointCount(0, local.length()) > UPN_LOCAL_MAX) {
      return "the part before the '@' has more than " + UPN_LOCAL_MAX + " characters";
    }
    if (hasSpace(local) || hasSpace(domain)) {
      return "it contains a space";
    }
    if (!domain.contains(".")) {
      return "the domain '" + domain + "' has no dot";
    }
    if (domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
      return "the domain '" + domain + "' has an empty part";
    }
    return null;
  }

  /**
   * The first control, bidirectional or zero-width character of {@code s}, described (e.g. "U+202E,
   * an invisible or direction-changing character"); null when there is none.
   */
  static String invisible(String s) {
    for (int k = 0; k < s.length(); ) {
      int cp = s.codePointAt(k);
      if (Messages.isUnsafe(cp) || cp == '\t' || cp == '\n') {
        return String.format("U+%04X, a control, invisible or direction-changing character", cp);
      }
      k += Character.charCount(cp);
    }
    return null;
  }

  private static boolean hasSpace(String s) {
    return s.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
  }
}
