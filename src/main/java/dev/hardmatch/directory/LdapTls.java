package dev.hardmatch.directory;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.SSLSocketVerifier;
import dev.hardmatch.HardmatchException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
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
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for the LDAP adapter: the chain is verified against {@code directory.caFile} or the system
 * trust store, the host name against the server certificate. The JDK and UnboundID report failures
 * as nested exceptions with generic messages; this class remembers what exactly was wrong (unknown
 * CA, expired, wrong host) so the user is told that, and the fix.
 */
final class LdapTls {
  /** What went wrong during the handshake, in the user's words, with the way out. */
  record Failure(String message, String fix) {}

  private final String trustSource;
  private final SSLSocketFactory socketFactory;
  private final SSLSocketVerifier hostVerifier;
  private volatile Failure failure;

  private LdapTls(String trustSource, X509TrustManager trust) throws Exception {
    this.trustSource = trustSource;
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new Recording(trust)}, null);
    this.socketFactory = context.getSocketFactory();
    this.hostVerifier = new HostCheck();
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

  private static Collection<? extends Certificate> readPem(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
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

  private static X509TrustManager x509(TrustManagerFactory tmf) {
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager) {
        return (X509TrustManager) tm;
      }
    }
    throw new IllegalStateException("no X.509 trust manager");
  }

  SSLSocketFactory socketFactory() {
    return socketFactory;
  }

  SSLSocketVerifier hostVerifier() {
    return hostVerifier;
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

  /** Delegates to the real trust manager and remembers why it said no. */
  private final class Recording implements X509TrustManager {
    private final X509TrustManager delegate;

    Recording(X509TrustManager delegate) {
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
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }

  /**
   * Checks the host name after StartTLS, which UnboundID's socket verifier does not cover.
   *
   * @return the failure, or null when the certificate names {@code host}
   */
  Failure checkHost(String host, SSLSession session) {
    if (session != null && hostMatches(host, session)) {
      return null;
    }
    failure = hostMismatch(host, session);
    return failure;
  }

  private static boolean hostMatches(String host, SSLSession session) {
    try {
      Certificate[] peer = session.getPeerCertificates();
      return peer.length > 0
          && peer[0] instanceof X509Certificate
          && certificateNames(host, (X509Certificate) peer[0]);
    } catch (SSLPeerUnverifiedException e) {
      return false;
    }
  }

  /**
   * RFC 6125 in short: an IP address must be an iPAddress name; a host name must equal a dNSName
   * (case-insensitively) or match a wildcard in its leftmost label; the subject CN counts only when
   * the certificate has no alternative names at all.
   */
  static boolean certificateNames(String host, X509Certificate certificate) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean ip = h.contains(":") || h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    Collection<List<?>> alternatives;
    try {
      alternatives = certificate.getSubjectAlternativeNames();
    } catch (CertificateException e) {
      return false;
    }
    if (alternatives == null || alternatives.isEmpty()) {
      if (ip) {
        return false;
      }
      for (String part : certificate.getSubjectX500Principal().getName().split(",")) {
        if (part.trim().regionMatches(true, 0, "CN=", 0, 3)
            && dnsMatches(h, part.trim().substring(3))) {
          return true;
        }
      }
      return false;
    }
    for (List<?> alternative : alternatives) {
      Object type = alternative.get(0);
      String value = String.valueOf(alternative.get(1));
      if (ip && Integer.valueOf(7).equals(type) && sameAddress(h, value)) {
        return true;
      }
      if (!ip && Integer.valueOf(2).equals(type) && dnsMatches(h, value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameAddress(String a, String b) {
    try {
      // Literal addresses only: InetAddress does no lookup for them.
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean dnsMatches(String host, String pattern) {
    String h = host.toLowerCase(Locale.ROOT);
    String p = pattern.toLowerCase(Locale.ROOT);
    if (p.startsWith("*.")) {
      int dot = h.indexOf('.');
      return dot > 0 && h.substring(dot).equals(p.substring(1));
    }
    return h.equals(p);
  }

  private static Failure hostMismatch(String host, SSLSession session) {
    String held = "unknown";
    try {
      Certificate[] peer = session == null ? new Certificate[0] : session.getPeerCertificates();
      if (peer.length > 0 && peer[0] instanceof X509Certificate) {
        held = String.join(", ", names((X509Certificate) peer[0]));
      }
    } catch (SSLPeerUnverifiedException unverified) {
      // Keep "unknown".
    }
    return new Failure(
        "the server's certificate does not match the host name '"
            + host
            + "' (hostname mismatch; the certificate is for: "
            + held
            + ")",
        "connect with a name the certificate holds (change directory.url), or have the"
            + " certificate reissued with '"
            + host
            + "' in its subject alternative names");
  }

  /** The host name check for LDAPS, run by UnboundID right after the handshake. */
  private final class HostCheck extends SSLSocketVerifier {
    @Override
    public void verifySSLSocket(String host, int port, SSLSocket socket) throws LDAPException {
      Failure mismatch = checkHost(host, socket.getSession());
      if (mismatch != null) {
        throw new LDAPException(ResultCode.CONNECT_ERROR, mismatch.message());
      }
    }
  }
}
