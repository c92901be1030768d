package dev.hardmatch.cli;

import static dev.hardmatch.cli.DoctorSandbox.checks;
import static dev.hardmatch.cli.DoctorSandbox.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hardmatch.sandbox.ad.EmbeddedDirectory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hardmatch doctor}'s connection checks end to end ({@link DoctorSandbox}): which step of
 * reaching AD or Graph fails is the one that says so, and the checks after it are not attempted.
 */
class DoctorConnectionTest {
  @TempDir Path dir;
  private DoctorSandbox box;

  @AfterEach
  void stop() {
    if (box != null) {
      box.close();
    }
  }

  private void start() {
    box = DoctorSandbox.start(dir, o -> o, b -> b.delegated(true), "auto");
  }

  // A CA that did not sign the DC's certificate: TLS fails, bind and reads are not attempted.
  @Test
  void anUntrustedCertificateFailsTls() throws Exception {
    start();
    try (EmbeddedDirectory other =
        EmbeddedDirectory.start(
            ApplySandbox.resource("/doctor/ad.ldif"),
            "other",
            EmbeddedDirectory.Options.defaults().withLdaps(true))) {
      box.trust(other.caFile());
    }
    CliResult run = box.doctor("--format", "json");
    assertEquals(1, run.exit(), run.toString());
    Map<String, JsonNode> checks = checks(run);
    assertEquals("ok", status(checks, "ldap reachable"));
    assertEquals("fail", status(checks, "ldap tls"));
    assertEquals("warn", status(checks, "ldap bind"));
    assertTrue(checks.get("ldap bind").get("detail").asText().startsWith("not checked"));
  }

  // Nothing listens: reachable fails with the fix; Graph is still checked.
  @Test
  void anUnreachableDirectoryFailsReachable() throws Exception {
    start();
    box.ad.close();
    CliResult run = box.doctor("--format", "json");
    box.ad = null;
    assertEquals(1, run.exit(), run.toString());
    Map<String, JsonNode> checks = checks(run);
    assertEquals("fail", status(checks, "ldap reachable"));
    assertTrue(checks.get("ldap reachable").get("detail").asText().contains("refused"), run.out());
    assertEquals("ok", status(checks, "permission Organization.Read.All: GET /organization"));
  }

  // StartTLS on ldap:// is verified like LDAPS.
  @Test
  void startTlsIsVerified() throws Exception {
    start();
    box.links(box.ad.ldapUrl(), "  startTls: true\n  caFile: dc-ca.pem\n", "auto");
    CliResult run = box.doctor("--format", "json");
    assertEquals(0, run.exit(), run.toString());
    JsonNode tls = checks(run).get("ldap tls");
    assertEquals("ok", tls.get("status").asText());
    assertTrue(tls.get("detail").asText().startsWith("StartTLS: certificate chain verified"));
  }

  // Plain ldap:// (allowed to a loopback sandbox only): works, but said to be unencrypted.
  @Test
  void plainLdapToALoopbackSandboxIsAWarning() throws Exception {
    start();
    box.links(box.ad.ldapUrl(), "", "auto");
    CliResult run = box.doctor("--format", "json");
    assertEquals(0, run.exit(), run.toString());
    JsonNode tls = checks(run).get("ldap tls");
    assertEquals("warn", tls.get("status").asText());
    assertTrue(tls.get("detail").asText().contains("travel unencrypted"), tls.toString());
    assertEquals("ok", status(checks(run), "ldap bind"));
  }

  // No password in the environment: said offline, and nothing tries to bind without it.
  @Test
  void aMissingBindPasswordFailsBeforeConnecting() throws Exception {
    start();
    box.env.remove(DoctorSandbox.PASSWORD_ENV);
    CliResult run = box.doctor("--format", "json");
    assertEquals(1, run.exit(), run.toString());
    Map<String, JsonNode> checks = checks(run);
    JsonNode password = checks.get("ldap bind password");
    assertEquals("fail", password.get("status").asText());
    assertTrue(
        password.get("fix").asText().startsWith("export " + DoctorSandbox.PASSWORD_ENV),
        password.toString());
    assertEquals("ok", status(checks, "ldap reachable"));
    assertEquals("warn", status(checks, "ldap bind"));
  }

  // A wrong password: TLS was fine, the bind is what fails; the password is never shown.
  @Test
  void aWrongPasswordFailsTheBind() throws Exception {
    start();
    box.env.put(DoctorSandbox.PASSWORD_ENV, "not-the-password-42");
    CliResult run = box.doctor("--format", "json");
    assertEquals(1, run.exit(), run.toString());
    Map<String, JsonNode> checks = checks(run);
    assertEquals("ok", status(checks, "ldap tls"));
    assertEquals("fail", status(checks, "ldap bind"));
    assertTrue(
        checks.get("ldap bind").get("detail").asText().contains("invalid credentials"), run.out());
    assertFalse(run.all().contains("not-the-password-42"), run.toString());
  }

  // Graph does not answer: the sign-in line fails with the reason; AD is still checked.
  @Test
  void anUnreachableGraphFailsTheSignIn() throws Exception {
    start();
    box.tenant.close();
    CliResult run = box.doctor("--format", "json");
    assertEquals(1, run.exit(), run.toString());
    Map<String, JsonNode> checks = checks(run);
    assertEquals("fail", status(checks, "graph sign-in"));
    assertTrue(
        checks.get("graph sign-in").get("detail").asText().contains("cannot reach Graph"),
        run.out());
    assertEquals("ok", status(checks, "ldap bind"));
    assertEquals("warn", status(checks, "source anchor"));
  }
}
