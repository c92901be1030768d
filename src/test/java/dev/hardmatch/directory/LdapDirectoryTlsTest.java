package dev.hardmatch.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.sandbox.ad.EmbeddedDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LDAPS and StartTLS against the embedded AD's generated CA: what verifies and what is refused. */
class LdapDirectoryTlsTest {
  static final String ENV = LdapDirectoryTest.ENV;
  static final String PASSWORD = "Tls-s3cret-pw";

  static EmbeddedDirectory ad;
  static EmbeddedDirectory other; // another sandbox: its CA is the "wrong CA"

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    ad =
        LdapDirectoryTest.corp(
            EmbeddedDirectory.Options.defaults().withLdaps(true).withBindPassword(PASSWORD));
    other = LdapDirectoryTest.corp(EmbeddedDirectory.Options.defaults().withLdaps(true));
  }

  @AfterAll
  static void stop() {
    ad.close();
    other.close();
  }

  private static LdapDirectory open(String url, boolean startTls, Path caFile) {
    return LdapDirectory.open(
        LdapDirectoryTest.spec(url, startTls, caFile, ad.bindDn()), Map.of(ENV, PASSWORD));
  }

  private static HardmatchException refused(String url, boolean startTls, Path caFile) {
    HardmatchException e =
        assertThrows(HardmatchException.class, () -> open(url, startTls, caFile).close());
    assertEquals(HardmatchException.Code.LDAP, e.code());
    assertTrue(!e.getMessage().contains(PASSWORD) && !e.fix().contains(PASSWORD));
    return e;
  }

  @Test
  void verifiesLdapsWithTheGeneratedCa() {
    try (LdapDirectory directory = open(ad.ldapsUrl(), false, ad.caFile())) {
      assertEquals(1, directory.read(List.of("johns")).find("johns").size());
    }
    // The certificate names localhost too.
    String byName = ad.ldapsUrl().replace("127.0.0.1", "localhost");
    try (LdapDirectory directory = open(byName, false, ad.caFile())) {
      assertEquals(1, directory.read(List.of("maryk")).find("maryk").size());
    }
  }

  @Test
  void verifiesStartTlsWithTheGeneratedCa() {
    try (LdapDirectory directory = open(ad.ldapUrl(), true, ad.caFile())) {
      assertEquals(1, directory.read(List.of("johns")).find("johns").size());
    }
  }

  @Test
  void acceptsACaFileWithSeveralCertificates() throws Exception {
    Path bundle = dir.resolve("bundle.pem");
    Files.writeString(
        bundle, Files.readString(other.caFile()) + "\n" + Files.readString(ad.caFile()));
    try (LdapDirectory directory = open(ad.ldapsUrl(), false, bundle)) {
      assertEquals(1, directory.read(List.of("johns")).find("johns").size());
    }
  }

  @Test
  void refusesAnUnknownCaFromTheSystemTrustStore() {
    HardmatchException e = refused(ad.ldapsUrl(), false, null);
    assertTrue(
        e.getMessage()
            .matches(
                "TLS to ldaps://127\\.0\\.0\\.1:\\d+ refused: the server's certificate is not"
                    + " trusted: it was issued by .*hardmatch sandbox CA.*, an unknown CA that is"
                    + " not in the system trust store"),
        e.getMessage());
    assertTrue(e.fix().startsWith("set directory.caFile to the PEM file of the CA"), e.fix());
  }

  @Test
  void refusesTheWrongCa() {
    HardmatchException e = refused(ad.ldapsUrl(), false, other.caFile());
    assertTrue(
        e.getMessage().contains("the server's certificate is not trusted")
            && e.getMessage().endsWith("not in directory.caFile " + other.caFile()),
        e.getMessage());
    HardmatchException startTls = refused(ad.ldapUrl(), true, other.caFile());
    assertTrue(
        startTls.getMessage().contains("the server's certificate is not trusted"),
        startTls.getMessage());
  }

  @Test
  void refusesACertificateForAnotherHost() {
    try (EmbeddedDirectory elsewhere =
        ad(
            EmbeddedDirectory.Options.defaults()
                .withCertificateNames(List.of("dc1.corp.example.com")))) {
      HardmatchException e = refused(elsewhere.ldapsUrl(), false, elsewhere.caFile());
      assertTrue(
          e.getMessage()
              .endsWith(
                  "the server's certificate does not match the host name '127.0.0.1' (hostname"
                      + " mismatch; the certificate is for: dc1.corp.example.com)"),
          e.getMessage());
      assertTrue(e.fix().contains("subject alternative names"), e.fix());
      HardmatchException startTls = refused(elsewhere.ldapUrl(), true, elsewhere.caFile());
      assertTrue(startTls.getMessage().contains("hostname mismatch"), startTls.getMessage());
    }
  }

  @Test
  void refusesAnExpiredCertificate() {
    try (EmbeddedDirectory expired =
        ad(
            EmbeddedDirectory.Options.defaults()
                .withCertificateNotAfter(Instant.now().minus(Duration.ofDays(2))))) {
      HardmatchException e = refused(expired.ldapsUrl(), false, expired.caFile());
      assertTrue(
          e.getMessage()
              .contains(
                  "the server's certificate has expired: 'CN=127.0.0.1,O=hardmatch' was valid until "),
          e.getMessage());
      assertTrue(e.fix().startsWith("renew the domain controller's LDAPS certificate"), e.fix());
    }
  }

  // Like a default domain controller: a simple bind over plain LDAP gets resultCode 8, and the
  // user is told to use LDAPS or StartTLS — both of which then work.
  @Test
  void turnsStrongAuthRequiredIntoAHint() {
    try (EmbeddedDirectory strict =
        ad(EmbeddedDirectory.Options.defaults().withRequireStrongAuth(true))) {
      HardmatchException e = refused(strict.ldapUrl(), false, null);
      assertEquals(
          "the domain controller at "
              + strict.ldapUrl()
              + " refuses a simple bind over unencrypted LDAP (strong authentication required)",
          e.getMessage());
      assertEquals(
          "use ldaps:// (port 636) in directory.url, or keep ldap:// and set directory.startTls:"
              + " true",
          e.fix());
      try (LdapDirectory startTls = open(strict.ldapUrl(), true, strict.caFile());
          LdapDirectory ldaps = open(strict.ldapsUrl(), false, strict.caFile())) {
        assertEquals(1, startTls.read(List.of("johns")).find("johns").size());
        assertEquals(1, ldaps.read(List.of("johns")).find("johns").size());
      }
    }
  }

  @Test
  void refusesStartTlsCombinedWithLdaps() {
    HardmatchException e = refused(ad.ldapsUrl(), true, ad.caFile());
    assertTrue(e.getMessage().startsWith("directory.startTls is for ldap:// URLs"), e.getMessage());
  }

  @Test
  void refusesAMissingOrBrokenCaFile() throws Exception {
    Path missing = dir.resolve("missing.pem");
    HardmatchException e = refused(ad.ldapsUrl(), false, missing);
    assertEquals("directory.caFile " + missing + " does not exist", e.getMessage());
    Path broken = Files.writeString(dir.resolve("broken.pem"), "not a certificate\n");
    HardmatchException notPem = refused(ad.ldapsUrl(), false, broken);
    assertTrue(
        notPem
            .getMessage()
            .startsWith("directory.caFile " + broken + " is not a PEM certificate file"),
        notPem.getMessage());
  }

  @Test
  void explainsAPlainPortGivenAsLdaps() {
    String wrongPort = "ldaps://127.0.0.1:" + ad.ldapPort();
    HardmatchException e = refused(wrongPort, false, ad.caFile());
    assertTrue(
        e.getMessage().startsWith("TLS handshake with " + wrongPort + " failed"), e.getMessage());
    assertTrue(e.fix().contains("636"), e.fix());
  }

  private static EmbeddedDirectory ad(EmbeddedDirectory.Options options) {
    try {
      return LdapDirectoryTest.corp(options.withLdaps(true).withBindPassword(PASSWORD));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
