package dev.hardmatch.sandbox.graph;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.HardmatchException.Code;
import dev.hardmatch.anchor.Anchor;
import dev.hardmatch.anchor.Sid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The AD side of a simulated Entra Connect sync: reads the users (in one search; see {@link
 * #readUsers()} for why not paged as Connect's AD connector does) and picks each one's source
 * anchor the way Connect does with ms-DS-ConsistencyGuid as sourceAnchor: its value when set, else
 * objectGUID, which is then written back into it
 * (https://learn.microsoft.com/entra/identity/hybrid/connect/plan-connect-design-concepts#using-ms-ds-consistencyguid-as-sourceanchor).
 */
final class AdReader {
  private static final String[] ATTRIBUTES = {
    "sAMAccountName",
    "userPrincipalName",
    "displayName",
    "givenName",
    "sn",
    "mail",
    "proxyAddresses",
    "objectGUID",
    "mS-DS-ConsistencyGuid",
    "userAccountControl",
    "objectSid",
    "employeeID"
  };

  private final LDAPInterface directory;
  private final String baseDn;

  AdReader(LDAPInterface directory, String baseDn) {
    this.directory = directory;
    this.baseDn = baseDn;
  }

  /** The AD attributes a sync reads for one user. */
  record AdUser(
      String dn,
      String sam,
      String upn,
      String displayName,
      String givenName,
      String surname,
      String mail,
      List<String> proxyAddresses,
      Boolean enabled,
      Anchor anchor,
      String objectGuid,
      String sid,
      String employeeId) {

    String primarySmtp() {
      for (String p : proxyAddresses) {
        if (p.startsWith("SMTP:")) {
          return p.substring(5);
        }
      }
      return mail;
    }
  }

  /**
   * Reads every user below the base DN, in a stable order (by DN), giving each its anchor; an empty
   * mS-DS-ConsistencyGuid gets the objectGUID written into it (noted in {@code guids}), a user
   * without a 16-byte objectGUID is skipped (noted in {@code errors}).
   */
  List<AdUser> read(List<SyncResult.Entry> guids, List<SyncResult.Entry> errors) {
    List<SearchResultEntry> entries = readUsers();
    List<AdUser> adUsers = new ArrayList<>();
    for (SearchResultEntry entry : entries) {
      String sam = entry.getAttributeValue("sAMAccountName");
      byte[] guid = entry.getAttributeValueBytes("objectGUID");
      byte[] consistency = entry.getAttributeValueBytes("mS-DS-ConsistencyGuid");
      Anchor anchor;
      if (consistency != null && consistency.length == 16) {
        anchor = Anchor.ofBytes(consistency);
      } else if (guid != null && guid.length == 16) {
        anchor = Anchor.ofBytes(guid);
        writeConsistencyGuid(entry.getDN(), guid);
        guids.add(
            new SyncResult.Entry(sam, null, null, "mS-DS-ConsistencyGuid set from objectGUID"));
      } else {
        errors.add(
            new SyncResult.Entry(sam, null, null, entry.getDN() + " has no 16-byte objectGUID"));
        continue;
      }
      String[] proxies = entry.getAttributeValues("proxyAddresses");
      String uac = entry.getAttributeValue("userAccountControl");
      Boolean enabled = null;
      if (uac != null) {
        try {
          enabled = (Long.parseLong(uac.trim()) & 2) == 0;
        } catch (NumberFormatException e) {
          enabled = null;
        }
      }
      adUsers.add(
          new AdUser(
              entry.getDN(),
              sam,
              entry.getAttributeValue("userPrincipalName"),
              entry.getAttributeValue("displayName"),
              entry.getAttributeValue("givenName"),
              entry.getAttributeValue("sn"),
              entry.getAttributeValue("mail"),
              proxies == null ? List.of() : Arrays.asList(proxies),
              enabled,
              anchor,
              guid != null && guid.length == 16 ? Anchor.ofBytes(guid).guid() : null,
              Sid.toText(entry.getAttributeValueBytes("objectSid")),
              entry.getAttributeValue("employeeID")));
    }
    return adUsers;
  }

  private List<SearchResultEntry> readUsers() {
    List<SearchResultEntry> all;
    try {
      // One unpaged search, unlike Connect's paged import: the embedded AD answers every page by
      // matching the filter against every entry again and skipping to the page's offset, so paging
      // made one cycle quadratic in the organisation's size (50,000 users: 100 pages of 500, each
      // a scan of the whole directory). The sync reads in-process, where no size limit applies.
      SearchRequest request =
          new SearchRequest(
              baseDn,
              SearchScope.SUB,
              Filter.createANDFilter(
                  Filter.createEqualityFilter("objectClass", "user"),
                  Filter.createNOTFilter(Filter.createEqualityFilter("objectClass", "computer"))),
              ATTRIBUTES);
      SearchResult result = directory.search(request);
      all = new ArrayList<>(result.getSearchEntries());
    } catch (LDAPException e) {
      throw new HardmatchException(
          Code.LDAP,
          "sync: cannot read users below " + baseDn + ": " + e.getMessage(),
          "check the sync source's base DN and that the directory is running",
          e);
    }
    // Connect's order is its own; a stable one keeps suffixed UPNs reproducible.
    all.sort(Comparator.comparing(e -> e.getDN().toLowerCase(Locale.ROOT)));
    return all;
  }

  private void writeConsistencyGuid(String dn, byte[] guid) {
    try {
      directory.modify(
          dn, new Modification(ModificationType.REPLACE, "mS-DS-ConsistencyGuid", guid));
    } catch (LDAPException e) {
      throw new HardmatchException(
          Code.LDAP,
          "sync: cannot write mS-DS-ConsistencyGuid of " + dn + ": " + e.getMessage(),
          "the sync account needs write access to mS-DS-ConsistencyGuid",
          e);
    }
  }
}
