package dev.hardmatch.directory;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.net.DelegatingSslSocketFactory;
import dev.hardmatch.util.BoundedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS for the LDAP adapter: the chain is verified against {@code directory.caFile} or the system
 * trust store, the host name against the server certificate by the JDK's {@code LDAPS} endpoint
 * identification, for LDAPS and StartTLS alike. The JDK and UnboundID report failures as nested
 * exceptions with generic messages; this class remembers what exactly was wrong (unknown CA,
 * expired, wrong host) so the user is told that, and the fix.
 */
final class LdapTls {
  /** What went wrong during the handshake, in the user's words, with the way out. */
  record Failure(String message, String fix) {}

  private final String trustSource;
  private final SSLSocketFactory socketFactory;
  private volatile Failure failure;

  private LdapTls(String trustSource, X509ExtendedTrustManager trust) throws Exception {
    this.trustSource = trustSource;
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new Recording(trust)}, null);
    this.socketFactory = new Identifying(context.getSocketFactory());
  }

  /** Trusts the certificates of a PEM file (one or more), or the system store when null. */
  static LdapTls create(Path caFile) {
    try {
      if (caFile == null) {
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return new LdapTls("the system trust store", x509(tmf));
      }
      Collection<? extends Certificate> certificates = readPem(caFile);
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      return new LdapTls("directory.caFile " + caFile, x509(tmf));
    } catch (HardmatchException e) {
      throw e;
    } catch (Exception e) {
      throw new HardmatchException(
          HardmatchException.Code.LDAP,
          "cannot set up TLS: " + e.getMessage(),
          "check directory.caFile",
          e);
    }
  }

  /** A CA bundle is a few KiB; even the system's whole bundle is under 1 MiB. */
  static final long MAX_CA_BYTES = 1L << 20; // as CredentialFiles checks before connecting

  private static Collection<? extends Certificate> readPem(Path caFile) {
    byte[] pem =
        BoundedFiles.read(caFile, MAX_CA_BYTES, "directory.caFile", HardmatchException.Code.LDAP);
    try (InputStream in = new java.io.ByteArrayInputStream(pem)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new CertificateException("no certificate in it");
      }
      return certificates;
    } catch (NoSuchFileException e) {
      throw new HardmatchException(
          HardmatchException.Code.LDAP,
          "directory.caFile " + caFile + " does not exist",
          "point caFile (relative to the links file) at the PEM file of the CA that issued the"
              + " domain controller's certificate");
    } catch (IOException | CertificateException e) {
      throw new HardmatchException(
          HardmatchException.Code.LDAP,
          "directory.caFile " + caFile + " is not a PEM certificate file: " + e.getMessage(),
          "export the issuing CA's certificate as Base-64 (PEM, -----BEGIN CERTIFICATE-----)");
    }
  }

  private static X509ExtendedTrustManager x509(TrustManagerFactory tmf) {
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509ExtendedTrustManager x509) {
        return x509;
      }
    }
    throw new IllegalStateException("no X.509 trust manager");
  }

  SSLSocketFactory socketFactory() {
    return socketFactory;
  }

  /** The recorded failure of the last handshake, or null. */
  Failure failure() {
    return failure;
  }

  /** Describes a rejected chain: expired, not yet valid, or issued by a CA we do not trust. */
  Failure describe(CertificateException e, X509Certificate[] chain) {
    Instant now = Instant.now();
    for (X509Certificate certificate : chain) {
      if (certificate.getNotAfter().toInstant().isBefore(now)) {
        return new Failure(
            "the server's certificate has expired: "
                + subject(certificate)
                + " was valid until "
                + certificate.getNotAfter().toInstant(),
            "renew the domain controller's LDAPS certificate (or the CA certificate that expired)");
      }
      if (certificate.getNotBefore().toInstant().isAfter(now)) {
        return new Failure(
            "the server's certificate is not valid yet: "
                + subject(certificate)
                + " is valid from "
                + certificate.getNotBefore().toInstant(),
            "check the clocks of this machine and the domain controller");
      }
    }
    if (has(e, CertificateExpiredException.class)) {
      return new Failure(
          "the server's certificate chain has expired: " + e.getMessage(),
          "renew the domain controller's LDAPS certificate");
    }
    if (has(e, CertificateNotYetValidException.class)) {
      return new Failure(
          "the server's certificate is not valid yet: " + e.getMessage(),
          "check the clocks of this machine and the domain controller");
    }
    if (has(e, CertPathBuilderException.class)
        || has(e, CertPathValidatorException.class)
        || String.valueOf(e.getMessage()).contains("certification path")) {
      X509Certificate top = chain[chain.length - 1];
      String issuer =
          top.getSubjectX500Principal().equals(top.getIssuerX500Principal())
              ? (chain.length == 1 ? "itself (a self-signed certificate)" : subject(top))
              : top.getIssuerX500Principal().getName();
      return new Failure(
          "the server's certificate is not trusted: it was issued by "
              + issuer
              + ", an unknown CA that is not in "
              + trustSource,
          "set directory.caFile to the PEM file of the CA that issued the domain controller's"
              + " certificate (or add that CA to the system trust store)");
    }
    return new Failure(
        "the server's certificate was rejected: " + e.getMessage(),
        "check the domain controller's LDAPS certificate and directory.caFile");
  }

  private static String subject(X509Certificate certificate) {
    return "'" + certificate.getSubjectX500Principal().getName() + "'";
  }

  private static boolean has(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** The names a server certificate is valid for: DNS and IP subject alternative names. */
  static List<String> names(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> alternative : alternatives) {
          Object type = alternative.get(0);
          if (Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type)) {
            names.add(String.valueOf(alternative.get(1)));
          }
        }
      }
    } catch (CertificateException e) {
      // Unparseable extension: no names.
    }
    if (names.isEmpty()) {
      names.add("no subject alternative names; subject " + subject(certificate));
    }
    return names;
  }

  /**
   * Delegates to the real trust manager and remembers why it said no. With a socket, the JDK also
   * checks the host name there; a chain that passes without the socket but not with it was refused
   * for its name.
   */
  private final class Recording extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;

    Recording(X509ExtendedTrustManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      try {
        delegate.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        failure = describe(e, chain);
        throw e;
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      try {
        delegate.checkServerTrusted(chain, authType, socket);
      } catch (CertificateException e) {
        checkServerTrusted(chain, authType); // records and throws when the chain is the reason
        String host =
            socket instanceof SSLSocket ssl && ssl.getHandshakeSession() != null
                ? ssl.getHandshakeSession().getPeerHost()
                : String.valueOf(socket.getInetAddress());
        failure = hostMismatch(host, chain[0]);
        throw e;
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("LDAP over TLS uses sockets, not engines");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }

  private static Failure hostMismatch(String host, X509Certificate certificate) {
    return new Failure(
        "the server's certificate does not match the host name '"
            + host
            + "' (hostname mismatch; the certificate is for: "
            + String.join(", ", names(certificate))
            + ")",
        "connect with a name the certificate holds (change directory.url), or have the"
            + " certificate reissued with '"
            + host
            + "' in its subject alternative names");
  }

  /**
   * Hands out sockets that check the server's host name during the handshake, the JDK's way: the
   * {@code LDAPS} endpoint identification (RFC 6125: an IP address must be an iPAddress name; a
   * host name a dNSName, case-insensitively, or a wildcard in its leftmost label; the subject CN
   * counts only without DNS names). Covers LDAPS and StartTLS alike, since both get their TLS
   * sockets from this factory.
   */
  private static final class Identifying extends DelegatingSslSocketFactory {
    Identifying(SSLSocketFactory delegate) {
      super(delegate);
    }

    @Override
    protected Socket configure(Socket socket) {
      if (socket instanceof SSLSocket ssl) {
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("LDAPS");
        ssl.setSSLParameters(parameters);
      }
      return socket;
    }
  }
}
