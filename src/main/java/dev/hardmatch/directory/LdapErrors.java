package dev.hardmatch.directory;

import com.unboundid.ldap.sdk.LDAPException;
import dev.hardmatch.HardmatchException;

/** How the LDAP adapter words its failures, and keeps the bind password out of them. */
final class LdapErrors {
  private LdapErrors() {}

  static HardmatchException ldapError(String message, String fix) {
    return new HardmatchException(HardmatchException.Code.LDAP, message, fix);
  }

  /** Belt and braces: no message leaves this class with the password in it. */
  static HardmatchException redacted(HardmatchException e, String password) {
    if (password == null || password.isEmpty()) {
      return e;
    }
    String message = String.valueOf(e.getMessage());
    String fix = e.fix();
    if (!message.contains(password) && (fix == null || !fix.contains(password))) {
      return e;
    }
    return new HardmatchException(
        e.code(),
        message.replace(password, "****"),
        fix == null ? null : fix.replace(password, "****"));
  }

  static boolean has(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage();
    if (message == null || message.isEmpty()) {
      message =
          t instanceof LDAPException
              ? ((LDAPException) t).getExceptionMessage()
              : t.getClass().getSimpleName();
    }
    return message;
  }

  static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
