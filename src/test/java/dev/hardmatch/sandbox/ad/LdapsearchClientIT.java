package dev.hardmatch.sandbox.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second, independent LDAP client — OpenLDAP's ldapsearch, as an administrator would use it —
 * reads the embedded AD, so the sandbox is proven against more than the SDK it is built on. An
 * integration test ({@code *IT}, run by failsafe in {@code verify}): it may install ldap-utils.
 */
class LdapsearchClientIT {
  static final String BASE = EmbeddedDirectoryTest.BASE;

  @TempDir Path dir;

  @BeforeAll
  static void ldapUtils() throws Exception {
    DebianPackages.ensure("ldapsearch", "ldap-utils");
  }

  record Run(int exitCode, String output) {}

  private Run ldapsearch(Map<String, String> env, String... args) throws Exception {
    List<String> argv = new ArrayList<>();
    argv.add("ldapsearch");
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    // Options on the command line and in LDAPTLS_* variables win over any ldap.conf here.
    // (LDAPNOINIT would also switch off those variables.)
    pb.environment().putAll(env);
    Path out = dir.resolve("ldapsearch.out");
    pb.redirectOutput(out.toFile());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("ldapsearch did not finish within 60 s");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  private Path passwordFile(EmbeddedDirectory ad) throws Exception {
    // -y reads the whole file as the password: no trailing newline.
    Path file = dir.resolve("pw");
    Files.writeString(file, ad.bindPassword(), StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  // A simple bind over LDAP finds John with his objectGUID exactly as the LDIF gave it.
  @Test
  void readsUsersOverLdapWithASimpleBind() throws Exception {
    try (EmbeddedDirectory ad =
        EmbeddedDirectoryTest.startCorp(EmbeddedDirectory.Options.defaults())) {
      Run run =
          ldapsearch(
              Map.of(),
              "-x",
              "-LLL",
              "-H",
              ad.ldapUrl(),
              "-D",
              ad.bindDn(),
              "-y",
              passwordFile(ad).toString(),
              "-b",
              BASE,
              "(|(sAMAccountName=johns)(sAMAccountName=maryk))",
              "sAMAccountName",
              "userPrincipalName",
              "objectGUID");
      assertEquals(0, run.exitCode(), run.output());
      String out = run.output();
      assertTrue(out.contains("dn: CN=John Smith,OU=Staff," + BASE + "\n"), out);
      assertTrue(out.contains("sAMAccountName: johns\n"), out);
      assertTrue(out.contains("userPrincipalName: john.smith@corp.example.com\n"), out);
      assertTrue(out.contains("objectGUID:: fMa51PBTY0u4eEeZgM+xyA==\n"), out);
      assertTrue(out.contains("dn: CN=Mary King,OU=Staff," + BASE + "\n"), out);
      assertTrue(out.contains("objectGUID:: MsNKjF+XF0ete7pKTpaP/w==\n"), out);
      assertFalse(out.contains("peterp"), out);
    }
  }

  // Without a bind, ldapsearch gets nothing but a refusal.
  @Test
  void anonymousLdapsearchIsRefused() throws Exception {
    try (EmbeddedDirectory ad =
        EmbeddedDirectoryTest.startCorp(EmbeddedDirectory.Options.defaults())) {
      Run run =
          ldapsearch(
              Map.of(), "-x", "-LLL", "-H", ad.ldapUrl(), "-b", BASE, "(sAMAccountName=johns)");
      assertNotEquals(0, run.exitCode(), run.output());
      assertTrue(run.output().contains("Insufficient access"), run.output());
      assertFalse(run.output().contains("dn: CN=John Smith"), run.output());
    }
  }

  // OpenLDAP verifies the generated certificate with the CA file: LDAPS and StartTLS (-ZZ).
  @Test
  void verifiesTheGeneratedCertificateOverLdapsAndStartTls() throws Exception {
    try (EmbeddedDirectory ad =
        EmbeddedDirectoryTest.startCorp(EmbeddedDirectory.Options.defaults().withLdaps(true))) {
      Map<String, String> tls =
          Map.of("LDAPTLS_CACERT", ad.caFile().toString(), "LDAPTLS_REQCERT", "demand");
      String pw = passwordFile(ad).toString();
      Run ldaps =
          ldapsearch(
              tls,
              "-x",
              "-LLL",
              "-H",
              ad.ldapsUrl(),
              "-D",
              ad.bindDn(),
              "-y",
              pw,
              "-b",
              BASE,
              "(sAMAccountName=maryk)",
              "sAMAccountName");
      assertEquals(0, ldaps.exitCode(), ldaps.output());
      assertTrue(ldaps.output().contains("sAMAccountName: maryk\n"), ldaps.output());

      Run startTls =
          ldapsearch(
              tls,
              "-x",
              "-ZZ",
              "-LLL",
              "-H",
              ad.ldapUrl(),
              "-D",
              ad.bindDn(),
              "-y",
              pw,
              "-b",
              BASE,
              "(sAMAccountName=johns)",
              "sAMAccountName");
      assertEquals(0, startTls.exitCode(), startTls.output());
      assertTrue(startTls.output().contains("sAMAccountName: johns\n"), startTls.output());

      // Trusting another sandbox's CA instead, the same search fails on the certificate.
      try (EmbeddedDirectory other =
          EmbeddedDirectoryTest.startCorp(EmbeddedDirectory.Options.defaults().withLdaps(true))) {
        Run untrusted =
            ldapsearch(
                Map.of("LDAPTLS_CACERT", other.caFile().toString(), "LDAPTLS_REQCERT", "demand"),
                "-x",
                "-LLL",
                "-H",
                ad.ldapsUrl(),
                "-D",
                ad.bindDn(),
                "-y",
                pw,
                "-b",
                BASE,
                "(sAMAccountName=maryk)");
        assertNotEquals(0, untrusted.exitCode(), untrusted.output());
        assertTrue(untrusted.output().contains("Can't contact LDAP server"), untrusted.output());
        assertFalse(untrusted.output().contains("sAMAccountName: maryk"), untrusted.output());
      }
    }
  }
}
