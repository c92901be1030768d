package dev.hardmatch.discover;

import static dev.hardmatch.discover.MatcherTest.ANCHOR_J;
import static dev.hardmatch.discover.MatcherTest.ANCHOR_M;
import static dev.hardmatch.discover.MatcherTest.proposal;
import static dev.hardmatch.discover.MatcherTest.run;
import static dev.hardmatch.discover.People.ad;
import static dev.hardmatch.discover.People.cloud;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every ambiguity and every reason an AD user is left without a proposal. */
class MatcherLeftOverTest {

  @Test
  void oneAdUserWithTwoEqualCandidatesIsAmbiguousAndLow() {
    Discovery d =
        run(
            List.of(
                ad("johns")
                    .upn("john.smith@contoso.com")
                    .mail("jsmith@fabrikam.com")
                    .name("John", "Smith")),
            List.of(
                cloud("john.smith@contoso.com").name("John", "Smith"),
                cloud("jsmith@fabrikam.com").name("John", "Smith")));
    Proposal p = proposal(d, "johns");
    assertEquals(Confidence.LOW, p.confidence());
    assertEquals(1, p.alternatives().size());
    assertEquals(1, d.ambiguous().size());
    Ambiguity a = d.ambiguous().get(0);
    assertEquals("johns", a.sam());
    assertNull(a.upn());
    assertEquals(
        List.of("john.smith@contoso.com", "jsmith@fabrikam.com"),
        a.candidates().stream().sorted().toList());
    assertTrue(a.reason().contains("2 cloud accounts match it equally well"), a.reason());
    assertEquals(List.of(), d.unmatchedCloud());
  }

  @Test
  void twoAdUsersWantingOneCloudAccountByNameAreBothLow() {
    Discovery d =
        run(
            List.of(
                ad("jsmith1").upn("jsmith1@corp.local").name("John", "Smith"),
                ad("jsmith2").upn("jsmith2@corp.local").name("John", "Smith")),
            List.of(cloud("john.smith@contoso.com").name("John", "Smith")));
    assertEquals(Confidence.LOW, proposal(d, "jsmith1").confidence());
    assertEquals(Confidence.LOW, proposal(d, "jsmith2").confidence());
    assertEquals(1, d.ambiguous().size());
    Ambiguity a = d.ambiguous().get(0);
    assertEquals("john.smith@contoso.com", a.upn());
    assertNull(a.sam());
    assertEquals(List.of("jsmith1", "jsmith2"), a.candidates());
  }

  @Test
  void twoAdUsersSharingAnAddressAreAmbiguousEvenByIdentifiers() {
    Discovery d =
        run(
            List.of(
                ad("sales1").upn("sales1@corp.local").proxy("smtp:sales@contoso.com"),
                ad("sales2").upn("sales2@corp.local").proxy("smtp:sales@contoso.com")),
            List.of(cloud("sales@contoso.com")));
    assertEquals(Confidence.LOW, proposal(d, "sales1").confidence());
    assertEquals(Confidence.LOW, proposal(d, "sales2").confidence());
    assertEquals(List.of("sales1", "sales2"), d.ambiguous().get(0).candidates());
  }

  @Test
  void identifiersOutweighANameOnTheCloudSide() {
    Discovery d =
        run(
            List.of(
                ad("johns").upn("john.smith@contoso.com").name("John", "Smith"),
                ad("jsmith2").upn("jsmith2@corp.local").name("John", "Smith")),
            List.of(cloud("john.smith@contoso.com").name("John", "Smith")));
    MatcherTest.assertProposed(d, "johns", "john.smith@contoso.com", Confidence.HIGH);
    assertEquals(List.of(), d.ambiguous());
    Unmatched u = d.unmatchedAd().get(0);
    assertEquals("jsmith2", u.sam());
    assertEquals(Unmatched.Reason.CLAIMED_BY_OTHER, u.reason());
  }

  @Test
  void noCloudAccountAtAll() {
    Discovery d =
        run(
            List.of(ad("svc-backup").upn("svc-backup@contoso.com").displayName("Backup service")),
            List.of(cloud("john.smith@contoso.com").name("John", "Smith")));
    assertEquals(List.of(), d.proposals());
    Unmatched u = d.unmatchedAd().get(0);
    assertEquals(Unmatched.Reason.NO_CLOUD_ACCOUNT, u.reason());
    assertEquals(List.of("john.smith@contoso.com"), d.unmatchedCloud());
  }

  @Test
  void onlyADeletedSyncedUserHoldsTheAnchor() {
    Discovery d =
        run(
            List.of(ad("peterp").upn("peter.parker@contoso.com").anchor(ANCHOR_J)),
            List.of(
                cloud("peter.parker5512@contoso.onmicrosoft.com").syncedWith(ANCHOR_J).deleted()));
    Unmatched u = d.unmatchedAd().get(0);
    assertEquals(Unmatched.Reason.NO_CLOUD_ACCOUNT, u.reason());
    assertTrue(u.detail().contains("peter.parker5512@contoso.onmicrosoft.com in the recycle bin"));
  }

  @Test
  void onlyTheSyncCreatedDuplicateExists() {
    Discovery d =
        run(
            List.of(
                ad("annaw").upn("anna.white@contoso.com").anchor(ANCHOR_J).name("Anna", "White")),
            List.of(
                cloud("anna.white1234@contoso.onmicrosoft.com")
                    .name("Anna", "White")
                    .syncedWith(ANCHOR_J)));
    Unmatched u = d.unmatchedAd().get(0);
    assertEquals(Unmatched.Reason.ONLY_DUPLICATE, u.reason());
    assertTrue(u.detail().contains("sync created anna.white1234@contoso.onmicrosoft.com"));
  }

  @Test
  void theMatchIsLinkedToAnotherAdUserInTheFile() {
    Discovery d =
        run(
            List.of(
                ad("johns").upn("john.smith@contoso.com"),
                ad("jsmith-old").upn("old@corp.local").mail("john.smith@contoso.com")),
            List.of(cloud("john.smith@contoso.com")),
            List.of(new Matcher.Existing("johns", "John.Smith@contoso.com")),
            false);
    assertEquals(List.of(), d.proposals());
    assertEquals(1, d.kept());
    Unmatched u = d.unmatchedAd().get(0);
    assertEquals("jsmith-old", u.sam());
    assertEquals(Unmatched.Reason.LINKED_TO_OTHER, u.reason());
    assertTrue(u.detail().contains("linked to johns"), u.detail());
    assertEquals(List.of(), d.unmatchedCloud());
  }

  @Test
  void theMatchIsSyncedFromAnotherAdObject() {
    Discovery d =
        run(
            List.of(ad("johns").upn("john.smith@contoso.com").anchor(ANCHOR_J)),
            List.of(cloud("john.smith@contoso.com").syncedWith(ANCHOR_M)));
    Unmatched u = d.unmatchedAd().get(0);
    assertEquals(Unmatched.Reason.ANCHORED_ELSEWHERE, u.reason());
    assertTrue(u.detail().contains("is synced from another AD object"), u.detail());
  }

  @Test
  void theMatchIsAnchoredByHandToAnotherAdObject() {
    Discovery d =
        run(
            List.of(ad("johns").upn("john.smith@contoso.com").anchor(ANCHOR_J)),
            List.of(cloud("john.smith@contoso.com").anchoredWith(ANCHOR_M)));
    Unmatched u = d.unmatchedAd().get(0);
    assertEquals(Unmatched.Reason.ANCHORED_ELSEWHERE, u.reason());
    assertTrue(u.detail().contains("is anchored to another AD object"), u.detail());
  }

  @Test
  void aNamesakeSyncedFromAnotherAdObjectIsNoReason() {
    Discovery d =
        run(
            List.of(ad("jsmith2").upn("jsmith2@corp.local").name("John", "Smith")),
            List.of(cloud("john.smith@contoso.com").name("John", "Smith").syncedWith(ANCHOR_M)));
    assertEquals(Unmatched.Reason.NO_CLOUD_ACCOUNT, d.unmatchedAd().get(0).reason());
  }

  @Test
  void disabledUsersAreLeftOutUnlessIncluded() {
    List<People.Ad> ad = List.of(ad("left").upn("left@contoso.com").disabled());
    List<People.Cloud> cloud = List.of(cloud("left@contoso.com"));
    Discovery without = run(ad, cloud, List.of(), false);
    assertEquals(List.of(), without.proposals());
    assertEquals(1, without.skippedDisabled());
    assertEquals(List.of(), without.unmatchedAd());
    Discovery with = run(ad, cloud, List.of(), true);
    MatcherTest.assertProposed(with, "left", "left@contoso.com", Confidence.HIGH);
  }

  @Test
  void guestsAreNeverSomeonesAccount() {
    Discovery d =
        run(
            List.of(ad("johns").upn("john.smith@contoso.com").mail("john@fabrikam.com")),
            List.of(
                cloud("john_fabrikam.com#EXT#@contoso.onmicrosoft.com").mail("john@fabrikam.com")));
    assertEquals(List.of(), d.proposals());
    assertEquals(List.of(), d.unmatchedCloud());
  }

  @Test
  void syncWillDuplicateThoseItCannotSoftMatch() {
    Discovery d =
        run(
            List.of(
                ad("annaw").upn("anna.white@contoso.com"), // same UPN: soft match takes it
                ad("lisar").upn("lisa.ray@corp.contoso.com").proxy("SMTP:lisa.ray@contoso.com"),
                ad("kevinl").upn("kevinl@corp.local").name("Kevin", "Lee"), // by name only
                ad("emmaj").upn("emmaj@corp.local").proxy("smtp:emma@contoso.com")),
            List.of(
                cloud("anna.white@contoso.com"),
                cloud("lisa.ray@contoso.com").proxy("SMTP:lisa.ray@contoso.com"),
                cloud("kevin.lee@contoso.com").name("Kevin", "Lee"),
                cloud("emma.jones@contoso.com").proxy("smtp:emma@contoso.com")));
    assertEquals(4, d.proposals().size());
    assertEquals(List.of("emmaj", "kevinl"), d.syncWillDuplicate());
  }

  @Test
  void proposalsAreSortedBySamAndCountedByConfidence() {
    Discovery d =
        run(
            List.of(
                ad("zoe").upn("zoe@contoso.com"),
                ad("Adam").upn("adam@corp.local").name("Adam", "Ant"),
                ad("mike").upn("mike@corp.local")),
            List.of(
                cloud("zoe@contoso.com"),
                cloud("adam.ant@contoso.com").name("Adam", "Ant"),
                cloud("mike@contoso.com").privileged()));
    assertEquals(
        List.of("Adam", "mike", "zoe"), d.proposals().stream().map(Proposal::sam).toList());
    assertEquals(1, d.count(Confidence.HIGH));
    assertEquals(1, d.count(Confidence.MEDIUM));
    assertEquals(1, d.count(Confidence.LOW));
  }
}
