package dev.hardmatch.discover;

import static dev.hardmatch.discover.People.ad;
import static dev.hardmatch.discover.People.cloud;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The matcher on hand-made organisations: every evidence kind and how it is weighed. */
class MatcherTest {
  static final String ANCHOR_J = "i+SM6mavaVSygP60Spo2EQ==";
  static final String ANCHOR_M = "9dIrMwKenlCgz7whLgYLvA==";

  static Discovery run(List<People.Ad> ad, List<People.Cloud> cloud) {
    return run(ad, cloud, List.of(), false);
  }

  static Discovery run(
      List<People.Ad> ad,
      List<People.Cloud> cloud,
      List<Matcher.Existing> existing,
      boolean includeDisabled) {
    return Matcher.match(
        ad.stream().map(People.Ad::build).toList(),
        cloud.stream().map(People.Cloud::build).toList(),
        existing,
        includeDisabled);
  }

  static Proposal proposal(Discovery d, String sam) {
    List<Proposal> found = d.proposals().stream().filter(p -> p.sam().equals(sam)).toList();
    assertEquals(1, found.size(), "proposals for " + sam + ": " + d.proposals());
    return found.get(0);
  }

  static List<String> kinds(Proposal p) {
    return p.evidence().stream().map(e -> e.kind().key()).toList();
  }

  static void assertProposed(Discovery d, String sam, String upn, Confidence confidence) {
    Proposal p = proposal(d, sam);
    assertEquals(upn, p.upn(), p.toString());
    assertEquals(confidence, p.confidence(), p.evidence().toString());
  }

  @Test
  void sameUpnIsHigh() {
    Discovery d =
        run(
            List.of(ad("johns").upn("John.Smith@contoso.com")),
            List.of(cloud("john.smith@contoso.com")));
    assertProposed(d, "johns", "john.smith@contoso.com", Confidence.HIGH);
    assertEquals(
        "upn: john.smith@contoso.com = cloud userPrincipalName",
        proposal(d, "johns").evidence().get(0).toString());
    assertEquals(0, d.unmatchedAd().size());
    assertEquals(0, d.unmatchedCloud().size());
  }

  @Test
  void mailDifferingFromUpnMatchesTheCloudUpn() {
    Discovery d =
        run(
            List.of(ad("jsmith").upn("jsmith@corp.contoso.com").mail("john.smith@contoso.com")),
            List.of(cloud("john.smith@contoso.com")));
    assertProposed(d, "jsmith", "john.smith@contoso.com", Confidence.HIGH);
    assertEquals(List.of("mail"), kinds(proposal(d, "jsmith")));
  }

  @Test
  void primarySmtpProxyCountsAsMail() {
    Discovery d =
        run(
            List.of(ad("jsmith").upn("jsmith@corp.local").proxy("SMTP:John.Smith@contoso.com")),
            List.of(cloud("jsmith@contoso.com").mail("john.smith@contoso.com")));
    assertProposed(d, "jsmith", "jsmith@contoso.com", Confidence.HIGH);
    assertEquals(
        "mail: john.smith@contoso.com = cloud mail",
        proposal(d, "jsmith").evidence().get(0).toString());
  }

  @Test
  void aSecondaryProxyAddressAloneIsEnough() {
    Discovery d =
        run(
            List.of(
                ad("jsmith")
                    .upn("jsmith@corp.local")
                    .mail("jsmith@corp.local")
                    .proxy("SMTP:jsmith@corp.local")
                    .proxy("smtp:js@fabrikam.com")
                    .proxy("X500:/o=fabrikam/cn=js")),
            List.of(
                cloud("john.smith@contoso.com")
                    .proxy("SMTP:john.smith@contoso.com")
                    .proxy("smtp:JS@fabrikam.com")));
    assertProposed(d, "jsmith", "john.smith@contoso.com", Confidence.HIGH);
    assertEquals(
        "proxyAddress: js@fabrikam.com = cloud proxyAddresses",
        proposal(d, "jsmith").evidence().get(0).toString());
  }

  @Test
  void otherMailsOfTheCloudAccountCount() {
    Discovery d =
        run(
            List.of(ad("jsmith").upn("jsmith@corp.local").mail("john@fabrikam.com")),
            List.of(cloud("john.smith@contoso.com").otherMail("John@Fabrikam.com")));
    assertProposed(d, "jsmith", "john.smith@contoso.com", Confidence.HIGH);
    assertEquals(
        "mail: john@fabrikam.com = cloud otherMails",
        proposal(d, "jsmith").evidence().get(0).toString());
  }

  @Test
  void employeeIdIsAnExactIdentifier() {
    Discovery d =
        run(
            List.of(ad("jsmith").upn("jsmith@corp.local").employeeId(" 10042 ")),
            List.of(cloud("john.smith@contoso.com").employeeId("10042")));
    assertProposed(d, "jsmith", "john.smith@contoso.com", Confidence.HIGH);
    assertEquals(List.of("employeeId"), kinds(proposal(d, "jsmith")));
  }

  @Test
  void aUniqueNameMatchIsMedium() {
    Discovery d =
        run(
            List.of(ad("jsmith").upn("jsmith@corp.local").name("José", "Smith")),
            List.of(cloud("js@contoso.com").name("jose", "SMITH")));
    assertProposed(d, "jsmith", "js@contoso.com", Confidence.MEDIUM);
    assertEquals(List.of("name"), kinds(proposal(d, "jsmith")));
  }

  @Test
  void aUniqueDisplayNameMatchIsMedium() {
    Discovery d =
        run(
            List.of(ad("jsmith").upn("jsmith@corp.local").displayName("Smith, John")),
            List.of(cloud("js@contoso.com").displayName("smith john")));
    assertProposed(d, "jsmith", "js@contoso.com", Confidence.MEDIUM);
    assertEquals(List.of("displayName"), kinds(proposal(d, "jsmith")));
  }

  @Test
  void theSamAsUpnLocalPartAloneIsLow() {
    Discovery d =
        run(List.of(ad("jsmith").upn("jsmith@corp.local")), List.of(cloud("JSmith@contoso.com")));
    Proposal p = proposal(d, "jsmith");
    assertEquals(Confidence.LOW, p.confidence());
    assertEquals(List.of("samAccountName", "doubt"), kinds(p));
  }

  @Test
  void samAsLocalPartWithTheNameIsMedium() {
    Discovery d =
        run(
            List.of(ad("jsmith").upn("jsmith@corp.local").name("John", "Smith")),
            List.of(cloud("jsmith@contoso.com").name("John", "Smith")));
    assertProposed(d, "jsmith", "jsmith@contoso.com", Confidence.MEDIUM);
  }

  @Test
  void theSyncCreatedDuplicateIsFoundByItsAnchor() {
    Discovery d =
        run(
            List.of(
                ad("johns").upn("john.smith@contoso.com").anchor(ANCHOR_J).name("John", "Smith")),
            List.of(
                cloud("john.smith@contoso.com").name("John", "Smith"),
                cloud("john.smith4821@contoso.onmicrosoft.com")
                    .name("John", "Smith")
                    .syncedWith(ANCHOR_J)));
    Proposal p = proposal(d, "johns");
    assertEquals("john.smith@contoso.com", p.upn());
    assertEquals(Confidence.HIGH, p.confidence());
    assertEquals("john.smith4821@contoso.onmicrosoft.com", p.duplicate().userPrincipalName());
    assertFalse(p.duplicate().deleted());
    assertTrue(
        p.evidence().stream()
            .anyMatch(
                e ->
                    e.toString()
                        .equals(
                            "duplicate: john.smith4821@contoso.onmicrosoft.com holds this user's"
                                + " onPremisesImmutableId")),
        p.evidence().toString());
    assertEquals(List.of(), d.syncWillDuplicate());
  }

  @Test
  void theDuplicateIsFoundByObjectSidToo() {
    String sid = "S-1-5-21-1004336348-1177238915-682003330-1104";
    Discovery d =
        run(
            List.of(ad("johns").upn("john.smith@contoso.com").sid(sid)),
            List.of(
                cloud("john.smith@contoso.com"),
                cloud("john.smith4821@contoso.onmicrosoft.com").sid(sid.toLowerCase())));
    Proposal p = proposal(d, "johns");
    assertEquals("john.smith4821@contoso.onmicrosoft.com", p.duplicate().userPrincipalName());
    assertTrue(p.evidence().toString().contains("onPremisesSecurityIdentifier"));
  }

  @Test
  void aDuplicateInTheRecycleBinIsReportedAsDeleted() {
    Discovery d =
        run(
            List.of(ad("peterp").upn("peter.parker@contoso.com").anchor(ANCHOR_J)),
            List.of(
                cloud("peter.parker@contoso.com"),
                cloud("peter.parker5512@contoso.onmicrosoft.com").syncedWith(ANCHOR_J).deleted()));
    Proposal p = proposal(d, "peterp");
    assertTrue(p.duplicate().deleted());
    assertEquals(Confidence.HIGH, p.confidence());
  }

  @Test
  void aSyncedAccountMatchingByIdentifiersIsAlreadyLinked() {
    Discovery d =
        run(
            List.of(ad("tomh").upn("tom.hill@contoso.com").anchor(ANCHOR_J).name("Tom", "Hill")),
            List.of(
                cloud("tom.hill@contoso.com").name("Tom", "Hill").syncedWith(ANCHOR_J),
                cloud("thill@contoso.com").name("Tom", "Hill"))); // a namesake, cloud-only
    Proposal p = proposal(d, "tomh");
    assertEquals("tom.hill@contoso.com", p.upn());
    assertEquals(Confidence.HIGH, p.confidence());
    assertNull(p.duplicate());
    assertEquals("linked", kinds(p).get(0));
    assertEquals(List.of("thill@contoso.com"), d.unmatchedCloud());
  }

  @Test
  void anAnchorSetByHandAndNotSyncedYetIsTheAccount() {
    Discovery d =
        run(
            List.of(ad("maryk").upn("mary.king@contoso.com").anchor(ANCHOR_M)),
            List.of(cloud("mary.king@contoso.com").anchoredWith(ANCHOR_M)));
    Proposal p = proposal(d, "maryk");
    assertEquals(Confidence.HIGH, p.confidence());
    assertTrue(p.evidence().get(0).detail().contains("sync pending"), p.evidence().toString());
  }

  @Test
  void exactIdentifiersOutweighANameOnTheAdSide() {
    Discovery d =
        run(
            List.of(ad("johns").upn("john.smith@contoso.com").name("John", "Smith")),
            List.of(
                cloud("john.smith@contoso.com").name("John", "Smith"),
                cloud("jsmith.contractor@contoso.com").name("John", "Smith")));
    assertProposed(d, "johns", "john.smith@contoso.com", Confidence.HIGH);
    assertEquals(List.of(), d.ambiguous());
    assertEquals(List.of("jsmith.contractor@contoso.com"), d.unmatchedCloud());
  }

  @Test
  void differentNamesLowerExactIdentifiersToMedium() {
    Discovery d =
        run(
            List.of(ad("maryk").upn("mary.king@contoso.com").name("Mary", "King")),
            List.of(cloud("mary.king@contoso.com").name("Marion", "Kingsley")));
    Proposal p = proposal(d, "maryk");
    assertEquals(Confidence.MEDIUM, p.confidence());
    assertTrue(p.evidence().toString().contains("the names differ"), p.evidence().toString());
  }

  @Test
  void aDifferentEmployeeIdMakesItLow() {
    Discovery d =
        run(
            List.of(ad("maryk").upn("mary.king@contoso.com").employeeId("1")),
            List.of(cloud("mary.king@contoso.com").employeeId("2")));
    Proposal p = proposal(d, "maryk");
    assertEquals(Confidence.LOW, p.confidence());
    assertTrue(p.evidence().toString().contains("employeeId differs: AD 1, cloud 2"));
  }

  @Test
  void aPrivilegedTargetIsLowAndSyncWillDuplicateIt() {
    Discovery d =
        run(
            List.of(ad("bobadm").upn("bob.admin@contoso.com").mail("bob.admin@contoso.com")),
            List.of(cloud("bob.admin@contoso.com").mail("bob.admin@contoso.com").privileged()));
    Proposal p = proposal(d, "bobadm");
    assertEquals(Confidence.LOW, p.confidence());
    assertTrue(p.evidence().toString().contains("TARGET_PRIVILEGED"));
    assertEquals(List.of("bobadm"), d.syncWillDuplicate());
  }
}
