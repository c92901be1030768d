package dev.hardmatch.samba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.directory.LdapDirectory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and binding against a real DC: its certificate (from its own CA, with 127.0.0.1 and localhost
 * in the subject alternative names) verifies with directory.caFile; without that CA or with another
 * one the connection is refused, naming the certificate problem; StartTLS works; the DC's refusal
 * of a plain simple bind becomes a hint to use LDAPS or StartTLS.
 */
@Tag("samba")
@ExtendWith(SambaDcExtension.class)
class SambaTlsIT {
  private static SambaDc dc;

  @TempDir Path dir;

  @BeforeAll
  static void seed(SambaDc sambaDc) {
    dc = sambaDc;
    dc.seed();
  }

  private static int usersFound(String url, boolean startTls, Path caFile) {
    try (LdapDirectory ad =
        LdapDirectory.open(dc.directorySpec(url, startTls, caFile), dc.passwordEnv())) {
      return ad.read(List.of(Seed.PARENTHESES)).find(Seed.PARENTHESES).size();
    }
  }

  private static HardmatchException refused(String url, boolean startTls, Path caFile) {
    HardmatchException e =
        assertThrows(HardmatchException.class, () -> usersFound(url, startTls, caFile));
    assertEquals(HardmatchException.Code.LDAP, e.code());
    assertFalse(e.getMessage().contains(dc.bindPassword()), e.getMessage());
    assertFalse(String.valueOf(e.fix()).contains(dc.bindPassword()), e.fix());
    return e;
  }

  @Test
  void ldapsVerifiesWithTheDcsCaFile() {
    assertEquals(1, usersFound(dc.ldapsUrl(), false, dc.caFile()));
    // The certificate names localhost as well as 127.0.0.1.
    assertEquals(
        1, usersFound(dc.ldapsUrl().replace("127.0.0.1", "localhost"), false, dc.caFile()));
  }

  @Test
  void startTlsOnThePlainPortVerifiesWithTheCaFile() {
    assertEquals(1, usersFound(dc.ldapUrl(), true, dc.caFile()));
  }

  @Test
  void systemTrustStoreRefusesTheDcsPrivateCa() {
    HardmatchException e = refused(dc.ldapsUrl(), false, null);
    assertTrue(e.getMessage().contains("certificate is not trusted"), e.getMessage());
    assertTrue(e.getMessage().contains("hardmatch test CA"), e.getMessage());
    assertTrue(e.getMessage().contains("the system trust store"), e.getMessage());
    assertTrue(e.fix().contains("directory.caFile"), e.fix());
  }

  @Test
  void anotherCaIsRefusedNamingTheCertificateProblem() {
    Path wrongCa = dir.resolve("other-ca.pem");
    SambaDc.Result made =
        SambaDc.run(
            List.of(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=some other CA",
                "-keyout",
                dir.resolve("other-ca.key").toString(),
                "-out",
                wrongCa.toString()),
            60);
    assertEquals(0, made.exitCode(), made.errors());

    HardmatchException ldaps = refused(dc.ldapsUrl(), false, wrongCa);
    assertTrue(ldaps.getMessage().contains("certificate is not trusted"), ldaps.getMessage());
    assertTrue(ldaps.getMessage().contains(wrongCa.toString()), ldaps.getMessage());
    assertTrue(ldaps.getMessage().contains("unknown CA"), ldaps.getMessage());

    HardmatchException startTls = refused(dc.ldapUrl(), true, wrongCa);
    assertTrue(startTls.getMessage().contains("certificate is not trusted"), startTls.getMessage());
  }

  @Test
  void plainSimpleBindRefusedByTheDcBecomesAHintToUseTls() {
    // Loopback, so hardmatch itself allows ldap:// here; the DC refuses ("Strong(er)
    // authentication required ... Transport encryption required").
    HardmatchException e = refused(dc.ldapUrl(), false, null);
    assertTrue(e.getMessage().contains("strong authentication required"), e.getMessage());
    assertTrue(e.fix().contains("ldaps://"), e.fix());
    assertTrue(e.fix().contains("startTls"), e.fix());
  }
}
