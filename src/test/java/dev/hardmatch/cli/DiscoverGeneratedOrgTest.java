package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardmatch.sandbox.Sandbox;
import dev.hardmatch.sandbox.graph.ThrottleSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code discover} through the CLI on an untidy generated organisation ({@code sandbox generate
 * --noise}), scored against the generator's truth.csv: precise at high, nearly everyone found over
 * all levels, and in bulk (a handful of Graph requests and LDAP searches for thousands of users).
 */
class DiscoverGeneratedOrgTest {
  static final String PASSWORD = "Generated-Pa55word-discover-0917";
  static final int USERS = 2000;

  @TempDir Path dir;
  private Sandbox sandbox;

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void preciseAtHighFindsNearlyEveryoneOverAllLevelsAndReadsInBulk() throws Exception {
    Path org = dir.resolve("org");
    CliResult gen =
        CliResult.run(
            Map.of(),
            dir,
            "sandbox",
            "generate",
            "--users",
            "" + USERS,
            "--links",
            "400",
            "--noise",
            "--seed",
            "23",
            "--out",
            "org");
    assertEquals(0, gen.exit(), gen.toString());
    sandbox =
        Sandbox.start(
            org.resolve("ad.ldif"),
            org.resolve("tenant.json"),
            new Sandbox.Options(0, false, 0, null, PASSWORD, 0, ThrottleSpec.NONE, 0, 0));
    Map<String, String> env = new HashMap<>();
    env.put("HARDMATCH_LDAP_PASSWORD", PASSWORD);
    env.put("HARDMATCH_GRAPH_TOKEN", sandbox.connection().token());
    Files.writeString(
        dir.resolve("links.yaml"), sandbox.linksHeader("HARDMATCH_LDAP_PASSWORD") + "links: []\n");
    long graphBefore = sandbox.tenant().stats().httpRequests();
    long ldapBefore = sandbox.directory().searchCount();

    CliResult r = CliResult.run(env, dir, "discover", "links.yaml", "--format", "json");

    assertEquals(0, r.exit(), r.err());
    long graphRequests = sandbox.tenant().stats().httpRequests() - graphBefore;
    long ldapSearches = sandbox.directory().searchCount() - ldapBefore;
    Map<String, String> truth = truth(org.resolve("truth.csv"));
    JsonNode proposals = new ObjectMapper().readTree(r.out()).path("proposals");
    double[] high = score(proposals, truth, List.of("high"));
    double[] all = score(proposals, truth, List.of("high", "medium", "low"));
    System.out.printf(
        Locale.ROOT,
        "discover on %d generated users: high precision %.4f recall %.4f; all levels precision"
            + " %.4f recall %.4f; %d Graph requests, %d LDAP searches%n",
        USERS,
        high[0],
        high[1],
        all[0],
        all[1],
        graphRequests,
        ldapSearches);
    assertTrue(high[0] >= 0.99, "precision at high " + high[0]);
    assertTrue(all[1] >= 0.95, "recall over all levels " + all[1]);
    // Bulk: pages of 999 users and of 500 entries, never a request per user.
    assertTrue(graphRequests <= 10, "Graph requests: " + graphRequests);
    assertTrue(ldapSearches <= USERS / 500 + 2, "LDAP searches: " + ldapSearches);
  }

  /** sam → upn, both lower case. */
  static Map<String, String> truth(Path csv) throws Exception {
    Map<String, String> truth = new HashMap<>();
    List<String> lines = Files.readAllLines(csv);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      truth.put(f[0].toLowerCase(Locale.ROOT), f[1].toLowerCase(Locale.ROOT));
    }
    return truth;
  }

  /** {precision, recall} of the proposals at the given confidence levels. */
  static double[] score(JsonNode proposals, Map<String, String> truth, List<String> levels) {
    int proposed = 0;
    int correct = 0;
    for (JsonNode p : proposals) {
      if (levels.contains(p.path("confidence").asText())) {
        proposed++;
        String want = truth.get(p.path("sam").asText().toLowerCase(Locale.ROOT));
        if (p.path("upn").asText().equalsIgnoreCase(want)) {
          correct++;
        }
      }
    }
    return new double[] {
      proposed == 0 ? 1 : correct / (double) proposed, correct / (double) truth.size()
    };
  }
}
