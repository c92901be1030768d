package dev.hardmatch.directory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.sandbox.ad.EmbeddedDirectory;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** The host name rule used for LDAPS and StartTLS (the JDK's LDAPS endpoint identification). */
class LdapTlsTest {

  /**
   * Whether a handshake with the server, addressed as {@code host}, passes LdapTls's checks: the
   * StartTLS path (TLS over a connected socket, named by the caller), so that no name is looked up.
   */
  private static boolean accepts(EmbeddedDirectory ad, String host) throws Exception {
    LdapTls tls = LdapTls.create(ad.caFile());
    int port = Integer.parseInt(ad.ldapsUrl().replaceAll(".*:", ""));
    try (Socket plain = new Socket("127.0.0.1", port);
        SSLSocket socket = (SSLSocket) tls.socketFactory().createSocket(plain, host, port, true)) {
      socket.startHandshake();
      assertNull(tls.failure());
      return true;
    } catch (SSLHandshakeException e) {
      assertTrue(
          tls.failure().message().contains("does not match the host name '" + host + "'"),
          tls.failure().message());
      return false;
    }
  }

  @Test
  void matchesIpAddressesAndDnsNamesWithWildcards() throws Exception {
    try (EmbeddedDirectory ad =
        EmbeddedDirectory.start(
            "",
            "empty.ldif",
            EmbeddedDirectory.Options.defaults()
                .withLdaps(true)
                .withCertificateNames(List.of("127.0.0.1", "*.corp.example.com", "dc1")))) {
      assertTrue(accepts(ad, "127.0.0.1"));
      assertFalse(accepts(ad, "127.0.0.2"));
      assertTrue(accepts(ad, "DC01.corp.example.com"));
      assertFalse(accepts(ad, "a.b.corp.example.com"), "a wildcard is one label");
      assertFalse(accepts(ad, "corp.example.com"));
      assertTrue(accepts(ad, "dc1"));
      assertFalse(accepts(ad, "localhost"));
    }
  }
}
