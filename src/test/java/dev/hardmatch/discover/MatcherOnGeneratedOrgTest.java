package dev.hardmatch.discover;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.sandbox.Generator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The matcher alone on an untidy generated organisation, scored against the generator's truth (the
 * end-to-end run through LDAP and Graph is DiscoverGeneratedOrgTest).
 */
class MatcherOnGeneratedOrgTest {
  @TempDir Path dir;

  @Test
  void highIsPreciseAndAllLevelsTogetherFindNearlyEveryone() throws Exception {
    Generator.generate(
        new Generator.Options(5000, 500, 0.3, 0.2, 11, dir, 10389, 10080, null), true);
    List<AdPerson> ad = GeneratedFiles.ad(dir.resolve("ad.ldif"));
    List<CloudAccount> cloud = GeneratedFiles.cloud(dir.resolve("tenant.json"));
    Map<String, String> truth = GeneratedFiles.truth(dir.resolve("truth.csv"));

    Discovery d = Matcher.match(ad, cloud, List.of(), false);

    GeneratedFiles.Score high = GeneratedFiles.score(d.proposals(), truth, Confidence.HIGH);
    GeneratedFiles.Score all = GeneratedFiles.score(d.proposals(), truth, Confidence.LOW);
    System.out.println("high: " + high + "; all levels: " + all);
    assertTrue(high.precision() >= 0.99, "high: " + high);
    assertTrue(all.recall() >= 0.95, "all levels: " + all);
  }
}
