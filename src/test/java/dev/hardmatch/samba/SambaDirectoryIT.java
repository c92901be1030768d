package dev.hardmatch.samba;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import dev.hardmatch.anchor.Anchor;
import dev.hardmatch.directory.AdUser;
import dev.hardmatch.directory.DirectorySnapshot;
import dev.hardmatch.directory.LdapDirectory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The LDAP adapter against a real domain controller: every seeded user's anchor, as hardmatch
 * computes it from what the adapter reads, equals the one derived from the server's own GUID string
 * by the documented byte-order rule; mS-DS-ConsistencyGuid wins when set; reads cross pages.
 */
@Tag("samba")
@ExtendWith(SambaDcExtension.class)
class SambaDirectoryIT {
  private static SambaDc dc;
  private static Seed seed;

  @BeforeAll
  static void seed(SambaDc sambaDc) {
    dc = sambaDc;
    seed = dc.seed();
  }

  /**
   * What hardmatch uses as the anchor (docs/planning-rules.md, auto): mS-DS-ConsistencyGuid, else
   * objectGUID.
   */
  static String computedAnchor(AdUser user) {
    byte[] raw = user.consistencyGuid() != null ? user.consistencyGuid() : user.objectGuid();
    return Anchor.ofBytes(raw).immutableId();
  }

  @Test
  void anchorOfEverySeededUserMatchesTheServersGuidString() throws Exception {
    Map<String, String> guids =
        dc.guidStrings(seed.ouDn(), Filter.createEqualityFilter("objectClass", "user"));
    assertEquals(seed.users().size(), guids.size(), "users under " + seed.ouDn());

    DirectorySnapshot snapshot;
    int searches;
    try (LdapDirectory ad =
        LdapDirectory.open(dc.directorySpec(dc.ldapsUrl(), false, dc.caFile()), dc.passwordEnv())) {
      snapshot = ad.read(seed.users().keySet());
      searches = ad.searchCount();
    }
    // 1,204 names read in bulk: a few OR-filter searches, not one per user.
    assertTrue(searches <= 13, "searches for " + seed.users().size() + " users: " + searches);

    int withConsistency = 0;
    for (Seed.User expected : seed.users().values()) {
      List<AdUser> found = snapshot.find(expected.sam());
      assertEquals(1, found.size(), "users found for " + expected.sam());
      AdUser user = found.get(0);
      assertTrue(expected.dn().equalsIgnoreCase(user.dn()), user.dn());
      if (!expected.sam().equals(Seed.APPLY_UPN_DIFFERS)) { // SambaApplyIT rewrites that one
        assertEquals(expected.upn(), user.userPrincipalName());
      }

      String serverGuid = guids.get(expected.sam().toLowerCase(Locale.ROOT));
      Anchor fromServerString = Anchor.fromGuid(serverGuid);
      // The raw objectGUID octets are the GUID's bytes_le: the documented byte-order rule.
      assertArrayEquals(fromServerString.bytes(), user.objectGuid(), expected.sam());
      assertEquals(serverGuid.toLowerCase(Locale.ROOT), Anchor.ofBytes(user.objectGuid()).guid());

      if (expected.consistencyGuid() == null) {
        assertNull(user.consistencyGuid(), expected.sam());
        assertEquals(fromServerString.immutableId(), computedAnchor(user), expected.sam());
      } else {
        withConsistency++;
        assertArrayEquals(expected.consistencyGuid(), user.consistencyGuid(), expected.sam());
        assertEquals(
            Anchor.ofBytes(expected.consistencyGuid()).immutableId(),
            computedAnchor(user),
            expected.sam());
        assertNotEquals(fromServerString.immutableId(), computedAnchor(user), expected.sam());
      }
    }
    assertEquals(Seed.BULK_USERS / 5 + 1, withConsistency);
  }

  @Test
  void samaccountnameWithParenthesesIsFoundAndMatchesSambaTool() {
    String sam = Seed.PARENTHESES;
    AdUser user;
    try (LdapDirectory ad =
        LdapDirectory.open(dc.directorySpec(dc.ldapsUrl(), false, dc.caFile()), dc.passwordEnv())) {
      DirectorySnapshot snapshot = ad.read(List.of(sam, "seed0001"));
      assertEquals(1, snapshot.find(sam).size());
      user = snapshot.find(sam).get(0);
    }
    // A second, independent source of the GUID string: the DC's own admin tool.
    SambaDc.Result show =
        SambaDc.run(
            List.of(
                "samba-tool",
                "user",
                "show",
                sam,
                "--attributes=objectGUID",
                "-s",
                dc.smbConf().toString()),
            120);
    assertEquals(0, show.exitCode(), show.errors());
    Matcher m = Pattern.compile("objectGUID: ([0-9a-fA-F-]{36})").matcher(show.output());
    assertTrue(m.find(), show.output());
    assertEquals(Anchor.fromGuid(m.group(1)).immutableId(), computedAnchor(user));
  }

  @Test
  void readingAllSeededUsersCrossesAdsPageSize() throws Exception {
    // AD's MaxPageSize is 1,000; Samba does not truncate unpaged searches, so count the pages.
    int pages = 0;
    int entries = 0;
    try (LDAPConnection connection = dc.connect()) {
      ASN1OctetString cookie = null;
      do {
        SearchRequest request =
            new SearchRequest(
                seed.ouDn(),
                SearchScope.SUB,
                Filter.createANDFilter(
                    Filter.createEqualityFilter("objectClass", "user"),
                    Filter.createNOTFilter(Filter.createEqualityFilter("objectClass", "computer"))),
                "sAMAccountName",
                "objectGUID");
        request.addControl(new SimplePagedResultsControl(1000, cookie, true));
        SearchResult page = connection.search(request);
        pages++;
        entries += page.getEntryCount();
        assertTrue(page.getEntryCount() <= 1000, "page of " + page.getEntryCount());
        SimplePagedResultsControl response = SimplePagedResultsControl.get(page);
        cookie = response != null && response.moreResultsToReturn() ? response.getCookie() : null;
      } while (cookie != null);
    }
    assertEquals(seed.users().size(), entries);
    assertEquals(2, pages, "pages of 1,000 for " + entries + " users");
  }

  @Test
  void continuationReferencesFromTheDomainRootAreNotFollowed() throws Exception {
    // Searched from the domain root, the DC refers to its realm's DNS name (Configuration etc.):
    // following that would mean DNS lookups and connections off this machine.
    SearchResult raw;
    try (LDAPConnection connection = dc.connect()) {
      raw =
          connection.search(
              dc.baseDn(),
              SearchScope.SUB,
              Filter.createEqualityFilter("sAMAccountName", Seed.PARENTHESES),
              "sAMAccountName");
    }
    assertTrue(raw.getReferenceCount() > 0, "the DC sent no continuation reference");
    assertTrue(
        raw.getSearchReferences()
            .get(0)
            .getReferralURLs()[0]
            .contains(dc.realm().toLowerCase(Locale.ROOT)),
        raw.getSearchReferences().get(0).toString());

    try (LdapDirectory ad =
        LdapDirectory.open(dc.directorySpec(dc.ldapsUrl(), false, dc.caFile()), dc.passwordEnv())) {
      List<AdUser> found = ad.read(List.of(Seed.PARENTHESES)).find(Seed.PARENTHESES);
      assertEquals(1, found.size());
      assertTrue(seed.user(Seed.PARENTHESES).dn().equalsIgnoreCase(found.get(0).dn()));
      assertEquals(1, ad.searchCount());
    }
  }
}
