package dev.hardmatch.directory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.sandbox.ad.EmbeddedDirectory;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** The host name rule used for LDAPS and StartTLS. */
class LdapTlsTest {

  private static X509Certificate serverCertificate(List<String> names) throws Exception {
    try (EmbeddedDirectory ad =
            EmbeddedDirectory.start(
                "",
                "empty.ldif",
                EmbeddedDirectory.Options.defaults().withLdaps(true).withCertificateNames(names));
        SSLSocket socket = trustingSocket(ad)) {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  private static SSLSocket trustingSocket(EmbeddedDirectory ad) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (InputStream in = Files.newInputStream(ad.caFile())) {
      store.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    int port = Integer.parseInt(ad.ldapsUrl().replaceAll(".*:", ""));
    return (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
  }

  @Test
  void matchesIpAddressesAndDnsNamesWithWildcards() throws Exception {
    X509Certificate cert = serverCertificate(List.of("127.0.0.1", "*.corp.example.com", "dc1"));
    assertTrue(LdapTls.certificateNames("127.0.0.1", cert));
    assertFalse(LdapTls.certificateNames("127.0.0.2", cert));
    assertTrue(LdapTls.certificateNames("DC01.corp.example.com", cert));
    assertFalse(LdapTls.certificateNames("a.b.corp.example.com", cert), "a wildcard is one label");
    assertFalse(LdapTls.certificateNames("corp.example.com", cert));
    assertTrue(LdapTls.certificateNames("dc1", cert));
    assertFalse(LdapTls.certificateNames("localhost", cert));
  }
}
