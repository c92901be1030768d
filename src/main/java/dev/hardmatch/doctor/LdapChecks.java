package dev.hardmatch.doctor;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.directory.LdapProbe;
import dev.hardmatch.directory.OpenStep;
import dev.hardmatch.net.Loopback;
import dev.hardmatch.spec.LinksFile;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The directory's checks, in the order a connection goes: the bind password is there (offline), TCP
 * reaches the host, TLS is verified, the bind succeeds (docs/doctor.md).
 */
final class LdapChecks {
  static final String PASSWORD = "ldap bind password";
  static final String REACHABLE = "ldap reachable";
  static final String TLS = "ldap tls";
  static final String BIND = "ldap bind";

  /** How long the TCP check waits for the domain controller. */
  static final int TCP_TIMEOUT_MILLIS = 10_000;

  private final LinksFile.DirectorySpec spec;

  LdapChecks(LinksFile.DirectorySpec spec) {
    this.spec = spec;
  }

  /**
   * Adds the connection checks to {@code checks} and returns the opened directory, or null when it
   * could not be opened.
   */
  Directory open(Doctor.Systems systems, LinksFile links, List<Check> checks) {
    boolean password = true;
    try {
      systems.checkBindPassword(links);
      checks.add(Check.ok(PASSWORD, source()));
    } catch (HardmatchException e) {
      checks.add(Check.fail(PASSWORD, e.getMessage(), e.fix()));
      password = false;
    }
    String tcp = LdapProbe.tcpFailure(spec, TCP_TIMEOUT_MILLIS);
    if (tcp != null) {
      checks.add(
          Check.fail(
              REACHABLE,
              tcp,
              "check the host and port in directory.url, that the domain controller's LDAP service"
                  + " runs, and that no firewall drops the traffic from this machine"));
      checks.add(Check.notChecked(TLS, "the directory is not reachable"));
      checks.add(Check.notChecked(BIND, "the directory is not reachable"));
      return null;
    }
    checks.add(Check.ok(REACHABLE, "TCP connection to " + hostPort() + " opened"));
    if (!password) {
      checks.add(Check.notChecked(TLS, "no bind password to connect with"));
      checks.add(Check.notChecked(BIND, "no bind password"));
      return null;
    }
    Set<OpenStep> reached = EnumSet.noneOf(OpenStep.class);
    try {
      Directory directory = systems.openDirectory(links, reached::add);
      checks.add(tlsOk());
      checks.add(Check.ok(BIND, "simple bind as " + spec.bind().user() + " succeeded"));
      return directory;
    } catch (HardmatchException e) {
      boolean encrypted = reached.contains(OpenStep.ENCRYPTED) || !usesTls();
      if (!encrypted) {
        checks.add(Check.fail(TLS, e.getMessage(), e.fix()));
        checks.add(Check.notChecked(BIND, "TLS failed"));
      } else {
        checks.add(tlsOk());
        checks.add(Check.fail(BIND, e.getMessage(), e.fix()));
      }
      return null;
    }
  }

  private boolean usesTls() {
    return scheme().equals("ldaps") || spec.startTls();
  }

  /** What the TLS line says once the connection is up. */
  private Check tlsOk() {
    if (!usesTls()) {
      // The links file's rules allow plain ldap:// to a loopback host only (a sandbox).
      return Check.warn(
          TLS,
          "plain ldap:// to "
              + hostPort()
              + (Loopback.isHost(host()) ? " (loopback)" : "")
              + ": the bind password and every read travel unencrypted",
          "use ldaps:// (port 636), or ldap:// with directory.startTls: true, for any domain"
              + " controller that is not a local sandbox");
    }
    String trust =
        spec.caFile() == null ? "the system trust store" : "directory.caFile " + spec.caFile();
    return Check.ok(
        TLS,
        (scheme().equals("ldaps") ? "LDAPS" : "StartTLS")
            + ": certificate chain verified against "
            + trust
            + ", host name "
            + host()
            + " matches the certificate");
  }

  private String source() {
    LinksFile.Bind bind = spec.bind();
    return bind.passwordEnv() != null
        ? "set in the environment variable " + bind.passwordEnv() + " (not shown)"
        : "read from " + bind.passwordFile() + " (not shown)";
  }

  private String scheme() {
    String s = URI.create(spec.url().strip()).getScheme();
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }

  private String host() {
    return URI.create(spec.url().strip()).getHost();
  }

  private String hostPort() {
    URI u = URI.create(spec.url().strip());
    int port = u.getPort() != -1 ? u.getPort() : scheme().equals("ldaps") ? 636 : 389;
    return u.getHost() + ":" + port;
  }
}
