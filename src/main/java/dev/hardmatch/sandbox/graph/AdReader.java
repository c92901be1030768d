package dev.hardmatch.sandbox.graph;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.HardmatchException.Code;
import dev.hardmatch.anchor.Anchor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The AD side of a simulated Entra Connect sync: reads the users (paged, as Connect's AD connector
 * does) and picks each one's source anchor the way Connect does with ms-DS-ConsistencyGuid as
 * sourceAnchor: its value when set, else objectGUID, which is then written back into it
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
    "objectSid"
  };
  private static final int PAGE_SIZE = 500;

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
      String sid) {

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
              sddl(entry.getAttributeValueBytes("objectSid"))));
    }
    return adUsers;
  }

  /**
   * A binary objectSid as its SDDL string ({@code S-1-5-21-…}), the form Entra keeps in {@code
   * onPremisesSecurityIdentifier}: revision, 48-bit big-endian authority, then 32-bit little-endian
   * sub-authorities ([MS-DTYP] 2.4.2.2); null when absent or malformed.
   */
  static String sddl(byte[] sid) {
    if (sid == null || sid.length < 8 || sid.length != 8 + 4 * (sid[1] & 0xff)) {
      return null;
    }
    long authority = 0;
    for (int i = 2; i < 8; i++) {
      authority = (authority << 8) | (sid[i] & 0xff);
    }
    StringBuilder out = new StringBuilder("S-").append(sid[0] & 0xff).append('-').append(authority);
    for (int i = 8; i < sid.length; i += 4) {
      long sub =
          (sid[i] & 0xffL)
              | (sid[i + 1] & 0xffL) << 8
              | (sid[i + 2] & 0xffL) << 16
              | (sid[i + 3] & 0xffL) << 24;
      out.append('-').append(sub);
    }
    return out.toString();
  }

  private List<SearchResultEntry> readUsers() {
    List<SearchResultEntry> all = new ArrayList<>();
    try {
      ASN1OctetString cookie = null;
      do {
        SearchRequest request =
            new SearchRequest(
                baseDn,
                SearchScope.SUB,
                Filter.createANDFilter(
                    Filter.createEqualityFilter("objectClass", "user"),
                    Filter.createNOTFilter(Filter.createEqualityFilter("objectClass", "computer"))),
                ATTRIBUTES);
        request.setControls(new Control[] {new SimplePagedResultsControl(PAGE_SIZE, cookie)});
        SearchResult result = directory.search(request);
        all.addAll(result.getSearchEntries());
        SimplePagedResultsControl paged = SimplePagedResultsControl.get(result);
        cookie = paged == null || !paged.moreResultsToReturn() ? null : paged.getCookie();
      } while (cookie != null);
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
