package dev.hardmatch.directory;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import dev.hardmatch.HardmatchException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Discovery's read of AD: every user below the base DN in paged searches (one request per page of
 * {@value LdapDirectory#PAGE_SIZE}), optionally narrowed by an administrator's LDAP filter.
 * Disabled users are read too; the caller decides whether to keep them.
 */
public final class LdapListing {
  private LdapListing() {}

  /** {@link LdapDirectory#USER_ATTRIBUTES} and what else can tie a user to a cloud account. */
  static String[] attributes() {
    // USER_ATTRIBUTES already holds objectSid (the 2026 match through
    // onPremisesSecurityIdentifier).
    String[] user = LdapDirectory.USER_ATTRIBUTES;
    String[] all = Arrays.copyOf(user, user.length + 1);
    all[user.length] = "employeeID";
    return all;
  }

  static List<DirectoryUser> readAll(
      String ldapFilter, Function<Filter, List<SearchResultEntry>> pagedSearch) {
    List<Filter> parts = new ArrayList<>();
    parts.add(Filter.createEqualityFilter("objectClass", "user"));
    parts.add(Filter.createNOTFilter(Filter.createEqualityFilter("objectClass", "computer")));
    if (ldapFilter != null) {
      parts.add(parseFilter(ldapFilter));
    }
    List<DirectoryUser> users = new ArrayList<>();
    for (SearchResultEntry e : pagedSearch.apply(Filter.createANDFilter(parts))) {
      AdUser user = LdapDirectory.toUser(e);
      if (user.samAccountName() != null) {
        users.add(
            new DirectoryUser(
                user, e.getAttributeValue("employeeID"), e.getAttributeValueBytes("objectSid")));
      }
    }
    return users;
  }

  /**
   * An LDAP filter given on the command line, checked before anything connects; a usage error says
   * what is wrong with it.
   */
  static Filter parseFilter(String ldapFilter) {
    try {
      return Filter.create(ldapFilter);
    } catch (LDAPException e) {
      throw new HardmatchException(
          HardmatchException.Code.USAGE,
          "--ldap-filter '" + ldapFilter + "' is not an LDAP filter: " + e.getMessage(),
          "write it as for ldapsearch, in parentheses, e.g. (department=Sales) or"
              + " (memberOf=CN=Staff,OU=Groups,DC=corp,DC=example,DC=com)");
    }
  }

  /** Checks an LDAP filter without connecting (for the command line). */
  public static void check(String ldapFilter) {
    parseFilter(ldapFilter);
  }
}
