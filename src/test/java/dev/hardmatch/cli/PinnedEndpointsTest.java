package dev.hardmatch.cli;

import static dev.hardmatch.cli.ApplySandbox.MAIN_LINKS;
import static dev.hardmatch.cli.ApplySandbox.PASSWORD_ENV;
import static dev.hardmatch.cli.ApplySandbox.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, point 1: whoever edits links.yaml must not choose where the bind password goes. With
 * pins, another endpoint is refused (exit 65) before any connection or credential read; CA and
 * password files must be regular files inside the repository.
 */
class PinnedEndpointsTest {
  @TempDir Path dir;
  private ApplySandbox box;

  private ApplySandbox start() {
    box = ApplySandbox.start(dir, "main").links(MAIN_LINKS);
    box.ad.clearReceivedFilters();
    return box;
  }

  @AfterEach
  void stop() {
    if (box != null) {
      box.close();
    }
  }

  private void assertNothingContacted(CliResult run) {
    assertEquals(65, run.exit(), run.toString());
    assertEquals(0, box.ad.receivedFilters().size(), "no LDAP search");
    assertEquals(0, box.tenant.stats().httpRequests(), "no Graph request");
    assertFalse(run.err().contains("Exception"), run.toString());
  }

  @Test
  void aPinnedDirectoryRefusesALinksFileNamingAnotherLdapEndpoint() {
    start();
    for (String command : new String[] {"plan", "verify"}) {
      CliResult run =
          box.cli(command, "links.yaml", "--pin-directory", "ldaps://dc01.corp.example.com");
      assertNothingContacted(run);
      assertTrue(
          run.err().contains("directory.url '" + box.ad.ldapUrl() + "' is not the pinned endpoint"),
          run.toString());
    }
  }

  @Test
  void aPinnedGraphFromTheEnvironmentRefusesAnotherGraphEndpoint() {
    start();
    Map<String, String> env = box.env();
    env.put("HARDMATCH_PIN_GRAPH", "https://graph.microsoft.com/v1.0");
    CliResult run = CliResult.run(env, box.repo, "plan", "links.yaml");
    assertNothingContacted(run);
    assertTrue(run.err().contains("tenant.graph '"), run.toString());
  }

  @Test
  void applyChecksThePinsBeforeConnecting() {
    start().planAndCommit();
    box.tenant.resetStats();
    box.ad.clearReceivedFilters();
    CliResult run = box.cli("apply", PLAN, "--pin-directory", "ldaps://dc01.corp.example.com");
    assertNothingContacted(run);
    assertFalse(Files.exists(box.path(PLAN + ".lock")));
  }

  @Test
  void matchingPinsPlanAsUsual() {
    start();
    CliResult run =
        box.cli(
            "plan",
            "links.yaml",
            "--pin-directory",
            box.ad.ldapUrl(),
            "--pin-graph",
            box.tenant.graphUrl().toString());
    assertEquals(0, run.exit(), run.toString());
  }

  private void usePasswordFile(String path) {
    box.write(
        "links.yaml",
        box.read("links.yaml").replace("passwordEnv: " + PASSWORD_ENV, "passwordFile: " + path));
  }

  @Test
  void aPasswordFileOutsideTheRepositoryIsNeverRead() {
    start();
    usePasswordFile("/proc/self/environ");
    CliResult run = box.cli("plan", "links.yaml");
    assertNothingContacted(run);
    assertTrue(
        run.err().contains("directory.bind.passwordFile '/proc/self/environ' is outside the"),
        run.toString());
  }

  @Test
  void aSymlinkOutOfTheRepositoryIsResolvedAndRefused() throws Exception {
    start();
    Files.createSymbolicLink(box.path("secret.txt"), Path.of("/etc/hostname"));
    usePasswordFile("secret.txt");
    CliResult run = box.cli("plan", "links.yaml");
    assertNothingContacted(run);
    assertTrue(run.err().contains("is outside the repository"), run.toString());
  }

  @Test
  @Timeout(60)
  void aFifoAsCaFileIsRefusedWithoutHanging() throws Exception {
    start();
    Process mkfifo = new ProcessBuilder("mkfifo", box.path("ca.pem").toString()).start();
    assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
    box.write(
        "links.yaml",
        box.read("links.yaml")
            .replace("  baseDn:", "  caFile: ca.pem\n  startTls: true\n  baseDn:"));
    CliResult run = box.cli("plan", "links.yaml");
    assertNothingContacted(run);
    assertTrue(run.err().contains("not a regular file"), run.toString());
  }

  @Test
  void aFolderAsPasswordFileIsRefused() throws Exception {
    start();
    Files.createDirectories(box.path("pw"));
    usePasswordFile("pw");
    CliResult run = box.cli("plan", "links.yaml");
    assertNothingContacted(run);
    assertTrue(run.err().contains("is a folder"), run.toString());
  }

  // The CI templates pin both endpoints wherever they hand over the LDAP password.
  @Test
  void theCiTemplatesSetThePinsWhereverThePasswordIsGiven() throws Exception {
    for (String template :
        new String[] {"ci/github/hardmatch.yml", "ci/azure-pipelines/hardmatch.yml"}) {
      String text = Files.readString(Path.of(template));
      long passwords = text.lines().filter(l -> l.contains("HARDMATCH_LDAP_PASSWORD: ")).count();
      assertTrue(passwords > 0, template);
      assertEquals(
          passwords,
          text.lines().filter(l -> l.contains("HARDMATCH_PIN_DIRECTORY: ")).count(),
          template);
      assertEquals(
          passwords,
          text.lines().filter(l -> l.contains("HARDMATCH_PIN_GRAPH: ")).count(),
          template);
    }
  }
}
