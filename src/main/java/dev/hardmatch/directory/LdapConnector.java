package dev.hardmatch.directory;

import static dev.hardmatch.directory.LdapErrors.has;
import static dev.hardmatch.directory.LdapErrors.ldapError;
import static dev.hardmatch.directory.LdapErrors.nonNull;
import static dev.hardmatch.directory.LdapErrors.redacted;
import static dev.hardmatch.directory.LdapErrors.rootMessage;

import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.net.Loopback;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.util.BoundedFiles;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Opens the LDAP connection for {@link LdapDirectory}: the URL and transport rules ({@code
 * ldaps://} or StartTLS; plain {@code ldap://} only to loopback), TLS through {@link LdapTls}, the
 * bind password from the environment or a file, and a simple bind, each failure told in the user's
 * words. The password never appears in a message.
 */
final class LdapConnector {
  private static final Pattern AD_BIND_DATA = Pattern.compile("data ([0-9a-fA-F]{3,8})");

  /** A password file holds one password: anything larger is the wrong file. */
  static final long MAX_PASSWORD_FILE_BYTES = 4096; // as CredentialFiles checks first

  private LdapConnector() {}

  /** A bound connection and the password it was bound with (for redaction only). */
  record Connected(LDAPConnection connection, String password) {}

  /**
   * Connects and binds as {@code spec.bind().user()}.
   *
   * @param env the process environment (the password's variable is looked up here)
   * @throws HardmatchException {@code LDAP} with what is wrong and how to fix it
   */
  static Connected connect(LinksFile.DirectorySpec spec, Map<String, String> env) {
    return connect(spec, env, step -> {});
  }

  /** As {@link #connect(LinksFile.DirectorySpec, Map)}, telling {@code steps} each step done. */
  static Connected connect(
      LinksFile.DirectorySpec spec, Map<String, String> env, Consumer<OpenStep> steps) {
    LDAPURL ldapUrl = parseUrl(spec.url());
    String scheme = ldapUrl.getScheme().toLowerCase(Locale.ROOT);
    String host = ldapUrl.getHost();
    int port = ldapUrl.getPort();
    boolean ldaps = scheme.equals("ldaps");
    if (ldaps && spec.startTls()) {
      throw ldapError(
          "directory.startTls is for ldap:// URLs; " + spec.url() + " already uses TLS (LDAPS)",
          "remove startTls, or use ldap://" + host + " with startTls: true");
    }
    if (!ldaps && !spec.startTls() && !Loopback.isHost(host)) {
      throw ldapError(
          "plain ldap:// to "
              + host
              + " would send the bind password unencrypted; it is allowed only to a loopback"
              + " sandbox",
          "use ldaps://" + host + " (port 636), or keep ldap:// and set directory.startTls: true");
    }
    if (spec.bind() == null || spec.bind().user() == null || spec.bind().user().isBlank()) {
      throw ldapError(
          "directory.bind.user is not set",
          "set the bind account, e.g. svc-hardmatch@corp.example.com");
    }
    String password = password(spec.bind(), env);
    String where = scheme + "://" + host + ":" + port;

    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setFollowReferrals(false); // AD refers to DNS names off this machine
    options.setConnectTimeoutMillis(15_000);
    options.setResponseTimeoutMillis(120_000);
    // Its sockets check the host name during the handshake, for LDAPS and StartTLS alike.
    LdapTls tls = ldaps || spec.startTls() ? LdapTls.create(spec.caFile()) : null;

    LDAPConnection connection =
        ldaps ? new LDAPConnection(tls.socketFactory(), options) : new LDAPConnection(options);
    try {
      try {
        connection.connect(host, port);
      } catch (LDAPException e) {
        throw connectFailure(e, where, tls, ldaps);
      }
      steps.accept(OpenStep.CONNECTED);
      if (ldaps) {
        steps.accept(OpenStep.ENCRYPTED); // the handshake is part of connecting
      } else if (spec.startTls()) {
        startTls(connection, tls, where);
        steps.accept(OpenStep.ENCRYPTED);
      }
      bind(connection, spec.bind(), password, where);
      steps.accept(OpenStep.BOUND);
      return new Connected(connection, password);
    } catch (HardmatchException e) {
      connection.close();
      throw redacted(e, password);
    } catch (RuntimeException e) {
      connection.close();
      throw redacted(
          new HardmatchException(
              HardmatchException.Code.LDAP,
              "cannot connect to " + where + ": " + e.getMessage(),
              "check directory.url"),
          password);
    }
  }

  private static LDAPURL parseUrl(String url) {
    try {
      LDAPURL parsed = new LDAPURL(url);
      if (!parsed.hostProvided()) {
        throw new LDAPException(ResultCode.PARAM_ERROR, "no host");
      }
      return parsed;
    } catch (LDAPException e) {
      throw ldapError(
          "directory.url '" + url + "' is not an LDAP URL",
          "write ldaps://dc01.corp.example.com (or ldap://host with startTls: true)");
    }
  }

  /** From {@code bind.passwordEnv}, else {@code bind.passwordFile} (trailing newline dropped). */
  static String password(LinksFile.Bind bind, Map<String, String> env) {
    if (bind.passwordEnv() != null) {
      String value = env.get(bind.passwordEnv());
      if (value == null || value.isEmpty()) {
        throw ldapError(
            "the LDAP bind password is missing: the environment variable "
                + bind.passwordEnv()
                + " is "
                + (value == null ? "not set" : "empty"),
            "export "
                + bind.passwordEnv()
                + " with the password of "
                + bind.user()
                + " (in CI: from a secret), or use directory.bind.passwordFile");
      }
      return value;
    }
    if (bind.passwordFile() != null) {
      if (!Files.exists(bind.passwordFile())) {
        throw ldapError(
            "the LDAP bind password file " + bind.passwordFile() + " does not exist",
            "create it with the password of "
                + bind.user()
                + " only, or fix directory.bind.passwordFile");
      }
      String value =
          new String(
              BoundedFiles.read(
                  bind.passwordFile(),
                  MAX_PASSWORD_FILE_BYTES,
                  "the LDAP bind password file",
                  HardmatchException.Code.LDAP),
              StandardCharsets.UTF_8);
      value = value.replaceFirst("\\r?\\n\\z", "");
      if (value.isEmpty()) {
        throw ldapError(
            "the LDAP bind password file " + bind.passwordFile() + " is empty",
            "write the password of " + bind.user() + " into it");
      }
      return value;
    }
    throw ldapError(
        "no LDAP bind password configured",
        "set directory.bind.passwordEnv (e.g. HARDMATCH_LDAP_PASSWORD) or directory.bind.passwordFile");
  }

  private static HardmatchException connectFailure(
      LDAPException e, String where, LdapTls tls, boolean ldaps) {
    if (tls != null && tls.failure() != null) {
      return certificateFailure(tls.failure(), where);
    }
    if (has(e, ConnectException.class)) {
      return ldapError(
          "cannot connect to " + where + ": connection refused",
          "check the host and port in directory.url and that the domain controller's LDAP"
              + " service is running and reachable (firewall)");
    }
    if (has(e, UnknownHostException.class)) {
      return ldapError(
          "cannot connect to " + where + ": unknown host",
          "check the host name in directory.url (DNS)");
    }
    if (has(e, NoRouteToHostException.class)) {
      return ldapError(
          "cannot connect to " + where + ": host unreachable",
          "check the network route and firewall to the domain controller");
    }
    if (has(e, SocketTimeoutException.class) || e.getResultCode() == ResultCode.TIMEOUT) {
      return ldapError(
          "cannot connect to " + where + ": timed out",
          "check that the host and port are right and that a firewall does not drop the traffic");
    }
    if (ldaps && has(e, SSLException.class)) {
      return ldapError(
          "TLS handshake with " + where + " failed: " + rootMessage(e),
          "check that the port speaks LDAPS (usually 636; 389 is plain LDAP, use startTls there)");
    }
    return ldapError(
        "cannot connect to " + where + ": " + e.getResultCode() + ": " + rootMessage(e),
        "check directory.url and the domain controller");
  }

  private static HardmatchException certificateFailure(LdapTls.Failure failure, String where) {
    return ldapError("TLS to " + where + " refused: " + failure.message(), failure.fix());
  }

  private static void startTls(LDAPConnection connection, LdapTls tls, String where) {
    ExtendedResult result;
    try {
      result =
          connection.processExtendedOperation(new StartTLSExtendedRequest(tls.socketFactory()));
    } catch (LDAPException e) {
      if (tls.failure() != null) {
        throw certificateFailure(tls.failure(), where);
      }
      throw ldapError(
          "StartTLS with " + where + " failed: " + e.getResultCode() + ": " + rootMessage(e),
          "check that the domain controller has an LDAP server certificate, or use ldaps://");
    }
    if (result.getResultCode() != ResultCode.SUCCESS) {
      throw ldapError(
          "the server at "
              + where
              + " refused StartTLS: "
              + result.getResultCode()
              + " "
              + nonNull(result.getDiagnosticMessage()),
          "give the domain controller a server certificate, or use ldaps://");
    }
  }

  private static void bind(
      LDAPConnection connection, LinksFile.Bind bind, String password, String where) {
    try {
      connection.bind(new SimpleBindRequest(bind.user(), password));
    } catch (LDAPException e) {
      ResultCode code = e.getResultCode();
      String diagnostic = nonNull(e.getDiagnosticMessage());
      String lower = diagnostic.toLowerCase(Locale.ROOT);
      if (code == ResultCode.STRONG_AUTH_REQUIRED
          || code == ResultCode.CONFIDENTIALITY_REQUIRED
          || lower.contains("strong") && lower.contains("auth")
          || lower.contains("transport encryption required")) {
        throw ldapError(
            "the domain controller at "
                + where
                + " refuses a simple bind over unencrypted LDAP (strong authentication required)",
            "use ldaps:// (port 636) in directory.url, or keep ldap:// and set directory.startTls:"
                + " true");
      }
      if (code == ResultCode.INVALID_CREDENTIALS) {
        throw ldapError(
            "LDAP bind as '"
                + bind.user()
                + "' refused: invalid credentials"
                + adBindReason(diagnostic),
            "check directory.bind.user and the password in " + passwordSource(bind));
      }
      if (code == ResultCode.INVALID_DN_SYNTAX) {
        throw ldapError(
            "LDAP bind as '" + bind.user() + "' refused: the server does not accept this bind name",
            "give directory.bind.user as a UPN (svc@corp.example.com) or a full DN");
      }
      throw ldapError(
          "LDAP bind as '" + bind.user() + "' failed: " + code + " " + diagnostic,
          "check the bind account and the domain controller");
    }
  }

  /** AD puts the real reason in "data 52e"-style codes inside the diagnostic message. */
  static String adBindReason(String diagnostic) {
    Matcher m = AD_BIND_DATA.matcher(diagnostic);
    if (!m.find()) {
      return "";
    }
    switch (m.group(1).toLowerCase(Locale.ROOT)) {
      case "525":
        return " (AD: user not found)";
      case "52e":
        return " (AD: wrong password)";
      case "530":
        return " (AD: not permitted to log on at this time)";
      case "531":
        return " (AD: not permitted to log on at this workstation)";
      case "532":
        return " (AD: password expired)";
      case "533":
        return " (AD: account disabled)";
      case "701":
        return " (AD: account expired)";
      case "773":
        return " (AD: the user must reset the password)";
      case "775":
        return " (AD: account locked out)";
      default:
        return " (AD data code " + m.group(1) + ")";
    }
  }

  private static String passwordSource(LinksFile.Bind bind) {
    return bind.passwordEnv() != null
        ? "the environment variable " + bind.passwordEnv()
        : "the file " + bind.passwordFile();
  }
}
