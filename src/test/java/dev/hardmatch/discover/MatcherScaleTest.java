package dev.hardmatch.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 50,000 people sharing 500 names: matching stays linear (names are looked at only for who has no
 * identifier match, and a name shared by more than {@value CloudIndex#MAX_NAMESAKES} accounts is no
 * evidence).
 */
class MatcherScaleTest {
  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void fiftyThousandNamesakesMatchByIdentifiersInSeconds() {
    List<AdPerson> ad = new ArrayList<>();
    List<CloudAccount> cloud = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      String given = "Given" + (i % 25);
      String surname = "Surname" + (i % 20);
      String upn = "person" + i + "@contoso.com";
      ad.add(
          new AdPerson(
              "u" + i,
              "CN=u" + i,
              upn,
              null,
              null,
              null,
              upn,
              List.of("SMTP:" + upn),
              given,
              surname,
              given + " " + surname,
              true));
      cloud.add(
          new CloudAccount(
              "id" + i,
              upn,
              upn,
              List.of("SMTP:" + upn),
              List.of(),
              null,
              given,
              surname,
              given + " " + surname,
              null,
              null,
              null,
              null,
              false,
              false));
    }
    long start = System.nanoTime();
    Discovery d = Matcher.match(ad, cloud, List.of(), false);
    System.out.printf(
        "matched 50,000 × 50,000 in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    assertEquals(50_000, d.count(Confidence.HIGH));
    assertEquals(List.of(), d.unmatchedCloud());
  }
}
