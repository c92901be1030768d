package dev.hardmatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hardmatch.HardmatchException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sandbox generate}: reproducible, and the organisation the options asked for. */
class GeneratorTest {
  private static final String[] FILES = {"ad.ldif", "tenant.json", "links.yaml"};

  @TempDir Path dir;

  private Generator.Options options(Path out, long seed) {
    return new Generator.Options(3000, 2000, 0.3, 0.5, seed, out, 10389, 10080, null);
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherOrganisation() throws Exception {
    Generator.generate(options(dir.resolve("a"), 42));
    Generator.generate(options(dir.resolve("b"), 42));
    Generator.generate(options(dir.resolve("c"), 43));

    for (String f : FILES) {
      assertArrayEquals(
          Files.readAllBytes(dir.resolve("a").resolve(f)),
          Files.readAllBytes(dir.resolve("b").resolve(f)),
          f + " differs for the same seed");
    }
    assertFalse(
        Arrays.equals(
            Files.readAllBytes(dir.resolve("a").resolve("tenant.json")),
            Files.readAllBytes(dir.resolve("c").resolve("tenant.json"))));
  }

  @Test
  void fractionsAreRespected() throws Exception {
    Path out = dir.resolve("org");
    Generator.Result r = Generator.generate(options(out, 5));

    assertEquals(3000, r.users());
    assertEquals(2000, r.links());
    // 30 % of 2,000 links have a duplicate; half of those sit in the recycle bin.
    assertTrue(r.duplicates() > 500 && r.duplicates() < 700, "duplicates: " + r.duplicates());
    double binShare = r.deletedHolders() / (double) r.duplicates();
    assertTrue(binShare > 0.4 && binShare < 0.6, "in the recycle bin: " + binShare);

    JsonNode tenant = new ObjectMapper().readTree(out.resolve("tenant.json").toFile());
    assertEquals(3000 + r.duplicates() - r.deletedHolders(), tenant.get("users").size());
    assertEquals(r.deletedHolders(), tenant.get("deletedUsers").size());
    assertEquals(0, tenant.get("roleAssignments").size(), "by default nothing blocks a plan");
    for (JsonNode u : tenant.get("users")) {
      if (u.hasNonNull("onPremisesImmutableId")) {
        assertEquals(0, u.get("assignedLicenses").size(), "no licensed duplicate by default");
      }
    }
    String ldif = Files.readString(out.resolve("ad.ldif"), StandardCharsets.UTF_8);
    long consistency = ldif.lines().filter(l -> l.startsWith("mS-DS-ConsistencyGuid::")).count();
    assertTrue(consistency > 200 && consistency < 400, "consistency GUIDs: " + consistency);
    String links = Files.readString(out.resolve("links.yaml"), StandardCharsets.UTF_8);
    assertEquals(2000, links.lines().filter(l -> l.startsWith("  - { sam: ")).count());
    assertTrue(links.contains("graph: http://127.0.0.1:10080/v1.0"), links.substring(0, 400));
    assertTrue(links.contains("url: ldap://127.0.0.1:10389"));
  }

  @Test
  void blockersOnlyWhenAskedAndTheRestUnchanged() throws Exception {
    Path plain = dir.resolve("plain");
    Path blocked = dir.resolve("blocked");
    Generator.generate(new Generator.Options(400, 200, 0.5, 0.2, 9, plain, 1, 2, null));
    Generator.Result r =
        Generator.generate(
            new Generator.Options(400, 200, 0.5, 0.2, 9, blocked, 1, 2, null, 0.1, 0.5));

    assertTrue(r.adminTargets() > 5 && r.adminTargets() < 40, "admins: " + r.adminTargets());
    assertTrue(r.licensedDuplicates() > 10, "licensed duplicates: " + r.licensedDuplicates());
    JsonNode tenant = new ObjectMapper().readTree(blocked.resolve("tenant.json").toFile());
    assertEquals(r.adminTargets(), tenant.get("roleAssignments").size());
    assertArrayEquals(
        Files.readAllBytes(plain.resolve("ad.ldif")),
        Files.readAllBytes(blocked.resolve("ad.ldif")),
        "blockers come from their own random stream");
  }

  @Test
  void impossibleOptionsAreUsageErrors() {
    HardmatchException e =
        assertThrows(
            HardmatchException.class,
            () ->
                Generator.generate(
                    new Generator.Options(10, 20, 0.3, 0.2, 1, dir.resolve("x"), 1, 2, null)));
    assertEquals(HardmatchException.Code.USAGE, e.code());
    assertTrue(e.getMessage().contains("--links"), e.getMessage());
  }
}
