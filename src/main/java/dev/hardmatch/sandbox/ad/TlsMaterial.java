package dev.hardmatch.sandbox.ad;

import com.unboundid.asn1.ASN1BitString;
import com.unboundid.asn1.ASN1Boolean;
import com.unboundid.asn1.ASN1Element;
import com.unboundid.asn1.ASN1ObjectIdentifier;
import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.util.OID;
import com.unboundid.util.ssl.cert.BasicConstraintsExtension;
import com.unboundid.util.ssl.cert.ExtendedKeyUsageExtension;
import com.unboundid.util.ssl.cert.KeyUsageExtension;
import com.unboundid.util.ssl.cert.SignatureAlgorithmIdentifier;
import com.unboundid.util.ssl.cert.SubjectAlternativeNameExtension;
import com.unboundid.util.ssl.cert.X509Certificate;
import com.unboundid.util.ssl.cert.X509CertificateExtension;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throwaway CA and a server certificate it signed, made at start-up. A CA (rather than one
 * self-signed certificate) is what real domain controllers present, so clients are configured
 * exactly as for AD: trust the CA file, verify the host name against the server certificate.
 */
final class TlsMaterial {
  private static final SignatureAlgorithmIdentifier SIGNATURE =
      SignatureAlgorithmIdentifier.SHA_256_WITH_ECDSA;
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final OID SERVER_AUTH = new OID("1.3.6.1.5.5.7.3.1");

  private final SSLContext serverContext;
  private final String caPem;

  private TlsMaterial(SSLContext serverContext, String caPem) {
    this.serverContext = serverContext;
    this.caPem = caPem;
  }

  /**
   * @param names the server certificate's subject alternative names (IP addresses or DNS names)
   * @param notAfter when the server certificate expires
   */
  static TlsMaterial generate(List<String> names, Instant notAfter) throws Exception {
    long now = System.currentTimeMillis();
    long end = notAfter.toEpochMilli();
    // An already expired certificate (a test of the client's refusal) still needs a window.
    long start =
        Math.min(now - Duration.ofHours(1).toMillis(), end - Duration.ofDays(1).toMillis());

    KeyPair caKeys = ecKeyPair();
    X509Certificate ca =
        X509Certificate.generateSelfSignedCertificate(
            SIGNATURE,
            caKeys,
            new DN("CN=hardmatch sandbox CA " + Long.toHexString(now) + ",O=hardmatch"),
            start,
            now + Duration.ofDays(3650).toMillis(),
            extension(BasicConstraintsExtension.BASIC_CONSTRAINTS_OID, new ASN1Boolean(true)),
            keyUsage(KeyUsageExtension.KEY_USAGE_OID, 5, 6)); // keyCertSign, cRLSign

    KeyPair serverKeys = ecKeyPair();
    // The issuer-signed generator wants the subject key in certificate form; a throwaway
    // self-signed certificate over the same key pair gives it without hand-made ASN.1.
    X509Certificate keyHolder =
        X509Certificate.generateSelfSignedCertificate(
            SIGNATURE, serverKeys, new DN("CN=key"), start, end);
    X509Certificate server =
        X509Certificate.generateIssuerSignedCertificate(
            SIGNATURE,
            ca,
            caKeys.getPrivate(),
            keyHolder.getPublicKeyAlgorithmOID(),
            keyHolder.getPublicKeyAlgorithmParameters(),
            keyHolder.getEncodedPublicKey(),
            keyHolder.getDecodedPublicKey(),
            new DN(new RDN("CN", names.get(0)), new DN("O=hardmatch")),
            start,
            end,
            extension(BasicConstraintsExtension.BASIC_CONSTRAINTS_OID),
            keyUsage(KeyUsageExtension.KEY_USAGE_OID, 0), // digitalSignature
            new X509CertificateExtension(
                ExtendedKeyUsageExtension.EXTENDED_KEY_USAGE_OID,
                false,
                new ASN1Sequence(new ASN1ObjectIdentifier(SERVER_AUTH)).encode()),
            new X509CertificateExtension(
                SubjectAlternativeNameExtension.SUBJECT_ALTERNATIVE_NAME_OID,
                false,
                subjectAltNames(names).encode()));

    char[] pass = "sandbox".toCharArray();
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setKeyEntry(
        "server",
        serverKeys.getPrivate(),
        pass,
        new Certificate[] {server.toCertificate(), ca.toCertificate()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keyStore, pass);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return new TlsMaterial(context, ca.toPEMString());
  }

  SSLContext serverContext() {
    return serverContext;
  }

  /** The CA certificate in PEM, for clients' trust. */
  String caPem() {
    return caPem;
  }

  private static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static X509CertificateExtension extension(OID oid, ASN1Element... sequence) {
    return new X509CertificateExtension(oid, true, new ASN1Sequence(sequence).encode());
  }

  private static X509CertificateExtension keyUsage(OID oid, int... bitsSet) {
    int length = 0;
    for (int bit : bitsSet) {
      length = Math.max(length, bit + 1);
    }
    boolean[] bits = new boolean[length];
    for (int bit : bitsSet) {
      bits[bit] = true;
    }
    return new X509CertificateExtension(oid, true, new ASN1BitString(bits).encode());
  }

  /** GeneralNames: iPAddress is [7] (4 octets), dNSName is [2] (IA5String). */
  private static ASN1Sequence subjectAltNames(List<String> names) throws Exception {
    List<ASN1Element> elements = new ArrayList<>();
    for (String name : names) {
      if (IPV4.matcher(name).matches() || name.contains(":")) {
        elements.add(new ASN1OctetString((byte) 0x87, InetAddress.getByName(name).getAddress()));
      } else {
        elements.add(new ASN1OctetString((byte) 0x82, name));
      }
    }
    return new ASN1Sequence(elements);
  }
}
