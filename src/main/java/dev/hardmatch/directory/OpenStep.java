package dev.hardmatch.directory;

/**
 * How far opening the directory got, told once each step is done ({@code hardmatch doctor} reports
 * each as its own check; docs/doctor.md): the TCP connection, the TLS handshake with the chain and
 * host name verified (LDAPS, or StartTLS on {@code ldap://}), the simple bind.
 */
public enum OpenStep {
  CONNECTED,
  ENCRYPTED,
  BOUND
}
