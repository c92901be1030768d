package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hardmatch.apply.Apply;
import dev.hardmatch.connect.Connectors;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.directory.DirectorySnapshot;
import dev.hardmatch.plan.PlanFile;
import dev.hardmatch.planning.Planning;
import dev.hardmatch.sandbox.Sandbox;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.spec.LinksLoader;
import dev.hardmatch.tenant.GraphAuth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed example in plans/example/ is what the tool makes of it today. Run with
 * -Dhardmatch.updateGolden=true to rewrite the plan and markdown after an intended change (that run
 * then fails, so it is never left on).
 *
 * <p>The example links file names fixed ports; the sandbox listens on free ones, and the plan use
 * case reads through them while planning the committed links file as it is, so the plan is
 * byte-stable without binding fixed ports.
 */
class ExamplePlanTest {
  static final Path EXAMPLE = Path.of("plans", "example");

  @TempDir Path tmp;

  @Test
  void exampleIsRegeneratedByteForByte() throws Exception {
    String password = "example-password-4411";
    try (Sandbox sandbox =
        Sandbox.startDemo(Sandbox.Options.defaults().withCredentials("example-token", password))) {
      Map<String, String> env =
          Map.of("HARDMATCH_LDAP_PASSWORD", password, "HARDMATCH_GRAPH_TOKEN", "example-token");
      Path root = Path.of("").toAbsolutePath();
      Path fresh = tmp.resolve("example.plan.json");
      LinksFile links =
          LinksLoader.load(root.resolve(EXAMPLE.resolve("links.yaml")), "plans/example/links.yaml");
      Connectors real =
          new Connectors(env, root, GraphAuth.DEFAULT, Connectors.Settings.defaults(), null);
      Planning.Outcome outcome =
          new Planning(
                  atSandbox(real, sandbox, links.directory().url()),
                  Clock.systemUTC(),
                  Version.get(),
                  m -> {})
              .plan(links, Repositories.relativeToRepository(links.path(), root));
      assertTrue(outcome.ok(), () -> outcome.result().problems().toString());
      PlanFile.write(outcome.plan(), fresh);
      CliResult md = CliResult.run(env, root, "show", fresh.toString(), "--format", "markdown");
      assertEquals(0, md.exit(), md.toString());

      Path committedPlan = EXAMPLE.resolve("example.plan.json");
      Path committedMd = EXAMPLE.resolve("example.plan.md");
      String freshPlan = Files.readString(fresh, StandardCharsets.UTF_8);
      if (Boolean.getBoolean("hardmatch.updateGolden")) {
        Files.writeString(committedPlan, freshPlan, StandardCharsets.UTF_8);
        Files.writeString(committedMd, md.out(), StandardCharsets.UTF_8);
        // Comparing what was just written would prove nothing: never leave update mode on.
        fail("plans/example rewritten, re-run without -Dhardmatch.updateGolden=true to compare");
      }
      assertEquals(
          stable(Files.readString(committedPlan, StandardCharsets.UTF_8)),
          stable(freshPlan),
          "plans/example/example.plan.json drifted; rerun with -Dhardmatch.updateGolden=true");
      assertEquals(
          stable(Files.readString(committedMd, StandardCharsets.UTF_8)),
          stable(md.out()),
          "plans/example/example.plan.md drifted; rerun with -Dhardmatch.updateGolden=true");
    }
  }

  /** The real adapters, but reaching the sandbox's free ports whatever the links file names. */
  private static Apply.Environment atSandbox(
      Connectors real, Sandbox sandbox, String committedUrl) {
    Sandbox.Connection c = sandbox.connection();
    return new DecoratedEnvironment(
        real,
        links -> {
          LinksFile.DirectorySpec d = links.directory();
          return new LinksFile(
              links.path(),
              links.sha256(),
              links.version(),
              new LinksFile.TenantSpec(links.tenant().id(), c.graphUrl()),
              new LinksFile.DirectorySpec(
                  c.ldapUrl(), d.startTls(), d.caFile(), d.baseDn(), d.bind(), d.sourceAnchor()),
              links.policy(),
              links.links());
        },
        tenant -> tenant,
        directory -> asNamed(directory, committedUrl));
  }

  /** The directory, but reporting the URL the links file names (the plan records it). */
  private static Directory asNamed(Directory d, String url) {
    return new Directory() {
      @Override
      public DirectorySnapshot read(Collection<String> sams) {
        DirectorySnapshot s = d.read(sams);
        return new DirectorySnapshot(url, s.baseDn(), s.usersBySam());
      }

      @Override
      public java.util.List<dev.hardmatch.directory.DirectoryUser> readAll(String ldapFilter) {
        return d.readAll(ldapFilter);
      }

      @Override
      public void setUserPrincipalName(String dn, String userPrincipalName) {
        d.setUserPrincipalName(dn, userPrincipalName);
      }

      @Override
      public int searchCount() {
        return d.searchCount();
      }

      @Override
      public void close() {
        d.close();
      }
    };
  }

  /** Everything but when and by which build the plan was made. */
  private static String stable(String s) {
    // The digest covers createdAt, so it changes with every run too.
    return s.replaceAll("\"createdAt\":\"[^\"]*\"", "\"createdAt\":\"…\"")
        .replaceAll("\"toolVersion\":\"[^\"]*\"", "\"toolVersion\":\"…\"")
        .replaceAll("sha256:[0-9a-f]{64}", "sha256:…")
        .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "…")
        .replaceAll("hardmatch (dev|\\d[^ |]*)", "hardmatch …");
  }
}
