package dev.hardmatch.directory;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.spec.LinksFile;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The {@link Directory} port over LDAP (UnboundID), with AD's manners: {@code ldaps://} or {@code
 * ldap://} + StartTLS (plain LDAP only to a loopback sandbox), certificates and host names
 * verified, a simple bind with the password from the environment or a file, referrals never
 * followed, and users read in bulk — a few paged searches over OR-filters of escaped values.
 *
 * <pre>{@code
 * try (LdapDirectory ad = LdapDirectory.open(links.directory(), env)) {
 *   DirectorySnapshot snapshot = ad.read(List.of("johns", "maryk"));
 * }
 * }</pre>
 */
public final class LdapDirectory implements Directory {
  /** sAMAccountNames per OR-filter: 1,000 links in 10 searches, a filter AD parses easily. */
  static final int NAMES_PER_FILTER = 100;

  /** Entries per page; AD's MaxPageSize is 1,000. */
  static final int PAGE_SIZE = 500;

  /** What {@link AdUser} needs, nothing more. GUIDs are octet strings: read as raw bytes. */
  static final String[] USER_ATTRIBUTES = {
    "sAMAccountName",
    "userPrincipalName",
    "objectGUID",
    "mS-DS-ConsistencyGuid",
    "displayName",
    "givenName",
    "sn",
    "mail",
    "proxyAddresses",
    "userAccountControl",
    // Matches a sync-created duplicate through its onPremisesSecurityIdentifier.
    "objectSid"
  };

  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  private static final Pattern AD_BIND_DATA = Pattern.compile("data ([0-9a-fA-F]{3,8})");

  private final LDAPConnection connection;
  private final String url;
  private final String baseDn;
  private final String password;
  private final AtomicInteger searches = new AtomicInteger();

  private LdapDirectory(LDAPConnection connection, String url, String baseDn, String password) {
    this.connection = connection;
    this.url = url;
    this.baseDn = baseDn;
    this.password = password;
  }

  /**
   * Connects and binds as {@code spec.bind().user()}.
   *
   * @param env the process environment (the password's variable is looked up here)
   * @throws HardmatchException {@code LDAP} with what is wrong and how to fix it
   */
  public static LdapDirectory open(LinksFile.DirectorySpec spec, Map<String, String> env) {
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
    if (!ldaps && !spec.startTls() && !isLoopback(host)) {
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
    LdapTls tls = ldaps || spec.startTls() ? LdapTls.create(spec.caFile()) : null;
    if (tls != null) {
      options.setSSLSocketVerifier(tls.hostVerifier());
    }

    LDAPConnection connection =
        ldaps ? new LDAPConnection(tls.socketFactory(), options) : new LDAPConnection(options);
    try {
      try {
        connection.connect(host, port);
      } catch (LDAPException e) {
        throw connectFailure(e, where, tls, ldaps);
      }
      if (spec.startTls()) {
        startTls(connection, tls, where);
        LdapTls.Failure mismatch = tls.checkHost(host, connection.getSSLSession());
        if (mismatch != null) {
          throw certificateFailure(mismatch, where);
        }
      }
      bind(connection, spec.bind(), password, where);
      return new LdapDirectory(connection, spec.url(), spec.baseDn(), password);
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

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || IPV4_LOOPBACK.matcher(h).matches()
        || h.equals("::1")
        || h.equals("[::1]")
        || h.equals("0:0:0:0:0:0:0:1");
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
      String value;
      try {
        value = Files.readString(bind.passwordFile(), StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw ldapError(
            "the LDAP bind password file " + bind.passwordFile() + " does not exist",
            "create it with the password of "
                + bind.user()
                + " only, or fix directory.bind.passwordFile");
      } catch (IOException e) {
        throw ldapError(
            "cannot read the LDAP bind password file "
                + bind.passwordFile()
                + ": "
                + e.getMessage(),
            "check the file and its permissions");
      }
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

  // ---- reads ---------------------------------------------------------------------------

  @Override
  public DirectorySnapshot read(Collection<String> sams) {
    // One key per name, case-insensitively, sorted: the same request gives the same filters.
    TreeMap<String, String> names = new TreeMap<>();
    for (String sam : sams) {
      names.putIfAbsent(sam.toLowerCase(Locale.ROOT), sam);
    }
    Map<String, List<AdUser>> found = new TreeMap<>();
    for (String key : names.keySet()) {
      found.put(key, new ArrayList<>());
    }
    List<String> values = new ArrayList<>(names.values());
    for (int from = 0; from < values.size(); from += NAMES_PER_FILTER) {
      List<String> chunk = values.subList(from, Math.min(values.size(), from + NAMES_PER_FILTER));
      for (SearchResultEntry entry : pagedSearch(usersFilter(chunk))) {
        AdUser user = toUser(entry);
        if (user.samAccountName() == null) {
          continue;
        }
        List<AdUser> list = found.get(user.samAccountName().toLowerCase(Locale.ROOT));
        if (list != null && list.stream().noneMatch(u -> u.dn().equalsIgnoreCase(user.dn()))) {
          list.add(user);
        }
      }
    }
    Map<String, List<AdUser>> result = new LinkedHashMap<>();
    for (Map.Entry<String, List<AdUser>> e : found.entrySet()) {
      List<AdUser> users = new ArrayList<>(e.getValue());
      users.sort(Comparator.comparing(AdUser::dn, String.CASE_INSENSITIVE_ORDER));
      result.put(e.getKey(), List.copyOf(users));
    }
    return new DirectorySnapshot(url, baseDn, Collections.unmodifiableMap(result));
  }

  /**
   * {@code (&(objectClass=user)(!(objectClass=computer))(|(sAMAccountName=a)…))}: people, not
   * computer accounts (which are users too in AD). Every value is escaped by the SDK.
   */
  static Filter usersFilter(List<String> sams) {
    List<Filter> names = new ArrayList<>();
    for (String sam : sams) {
      names.add(Filter.createEqualityFilter("sAMAccountName", sam));
    }
    return Filter.createANDFilter(
        Filter.createEqualityFilter("objectClass", "user"),
        Filter.createNOTFilter(Filter.createEqualityFilter("objectClass", "computer")),
        names.size() == 1 ? names.get(0) : Filter.createORFilter(names));
  }

  /** One paged subtree search under the base DN; each page is one request. */
  private List<SearchResultEntry> pagedSearch(Filter filter) {
    List<SearchResultEntry> entries = new ArrayList<>();
    ASN1OctetString cookie = null;
    do {
      SearchRequest request =
          new SearchRequest(
              baseDn,
              SearchScope.SUB,
              DereferencePolicy.NEVER,
              0,
              0,
              false,
              filter,
              USER_ATTRIBUTES);
      request.setControls(new SimplePagedResultsControl(PAGE_SIZE, cookie, false));
      SearchResult page = search(request);
      entries.addAll(page.getSearchEntries());
      SimplePagedResultsControl response;
      try {
        response = SimplePagedResultsControl.get(page);
      } catch (LDAPException e) {
        throw ldapError(
            "the server sent a malformed paged-results control: " + e.getMessage(), null);
      }
      cookie =
          response != null
                  && response.getCookie() != null
                  && response.getCookie().getValueLength() > 0
              ? response.getCookie()
              : null;
    } while (cookie != null);
    return entries;
  }

  private SearchResult search(SearchRequest request) {
    searches.incrementAndGet();
    try {
      return connection.search(request);
    } catch (LDAPException e) {
      throw redacted(searchFailure(e), password);
    }
  }

  private HardmatchException searchFailure(LDAPException e) {
    ResultCode code = e.getResultCode();
    String diagnostic = nonNull(e.getDiagnosticMessage());
    if (code == ResultCode.NO_SUCH_OBJECT) {
      return ldapError(
          "the base DN '"
              + baseDn
              + "' does not exist on "
              + url
              + (diagnostic.isEmpty() ? "" : " (" + diagnostic + ")"),
          "set directory.baseDn to the domain's DN (the DC's defaultNamingContext, e.g. DC=corp,DC=example,DC=com)");
    }
    if (code == ResultCode.REFERRAL) {
      String to =
          e.getReferralURLs().length == 0
              ? ""
              : " (it refers to " + String.join(", ", e.getReferralURLs()) + ")";
      return ldapError(
          "the server at "
              + url
              + " does not hold '"
              + baseDn
              + "'"
              + to
              + "; referrals are not followed",
          "point directory.url at a domain controller of that domain, or fix directory.baseDn");
    }
    if (code == ResultCode.INSUFFICIENT_ACCESS_RIGHTS) {
      return ldapError(
          "the bind account may not search '" + baseDn + "': " + diagnostic,
          "grant the bind account read access to the users (any authenticated user can read them by default)");
    }
    if (code == ResultCode.SIZE_LIMIT_EXCEEDED) {
      return ldapError(
          "the server cut the search short (size limit): " + diagnostic,
          "check that the server supports the Simple Paged Results control");
    }
    if (code == ResultCode.SERVER_DOWN || code == ResultCode.CONNECT_ERROR) {
      return ldapError(
          "the connection to " + url + " was lost: " + rootMessage(e),
          "run the command again; check the domain controller if it keeps happening");
    }
    return ldapError(
        "LDAP search under '"
            + baseDn
            + "' failed: "
            + code
            + (diagnostic.isEmpty() ? "" : " " + diagnostic),
        "check directory.baseDn and the bind account");
  }

  /** Reads one user by DN; null when there is no such entry. */
  public AdUser readUser(String dn) {
    SearchRequest request =
        new SearchRequest(
            dn,
            SearchScope.BASE,
            DereferencePolicy.NEVER,
            0,
            0,
            false,
            Filter.createPresenceFilter("objectClass"),
            USER_ATTRIBUTES);
    searches.incrementAndGet();
    try {
      SearchResult result = connection.search(request);
      return result.getEntryCount() == 0 ? null : toUser(result.getSearchEntries().get(0));
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
        return null;
      }
      throw redacted(searchFailure(e), password);
    }
  }

  static AdUser toUser(SearchResultEntry entry) {
    String[] proxies = entry.getAttributeValues("proxyAddresses");
    Integer uac = null;
    try {
      uac = entry.getAttributeValueAsInteger("userAccountControl");
    } catch (RuntimeException e) {
      // Not a number: treat as unset.
    }
    return new AdUser(
        entry.getDN(),
        entry.getAttributeValue("sAMAccountName"),
        entry.getAttributeValue("userPrincipalName"),
        entry.getAttributeValueBytes("objectGUID"),
        entry.getAttributeValueBytes("mS-DS-ConsistencyGuid"),
        entry.getAttributeValue("displayName"),
        entry.getAttributeValue("givenName"),
        entry.getAttributeValue("sn"),
        entry.getAttributeValue("mail"),
        proxies == null ? List.of() : List.copyOf(Arrays.asList(proxies)),
        uac == null ? 0 : uac,
        entry.getAttributeValueBytes("objectSid"));
  }

  // ---- writes --------------------------------------------------------------------------

  @Override
  public void setUserPrincipalName(String dn, String userPrincipalName) {
    try {
      connection.modify(
          new ModifyRequest(
              dn,
              new Modification(ModificationType.REPLACE, "userPrincipalName", userPrincipalName)));
    } catch (LDAPException e) {
      throw redacted(modifyFailure(e, dn), password);
    }
    AdUser after = readUser(dn);
    if (after == null) {
      throw ldapError(
          "after setting userPrincipalName, " + dn + " cannot be read back",
          "check the user in AD; it may have been moved or deleted");
    }
    if (!userPrincipalName.equals(after.userPrincipalName())) {
      throw ldapError(
          "userPrincipalName of "
              + dn
              + " reads '"
              + after.userPrincipalName()
              + "' after setting it to '"
              + userPrincipalName
              + "'",
          "check whether a policy or another tool rewrites userPrincipalName, then apply again");
    }
  }

  private HardmatchException modifyFailure(LDAPException e, String dn) {
    ResultCode code = e.getResultCode();
    String diagnostic = nonNull(e.getDiagnosticMessage());
    if (code == ResultCode.INSUFFICIENT_ACCESS_RIGHTS) {
      return ldapError(
          "the bind account may not change userPrincipalName of " + dn + ": " + diagnostic,
          "delegate 'Write userPrincipalName' on these users to the bind account");
    }
    if (code == ResultCode.NO_SUCH_OBJECT) {
      return ldapError(
          dn + " no longer exists in AD",
          "plan again: the user was moved or deleted since planning");
    }
    if (code == ResultCode.SERVER_DOWN || code == ResultCode.CONNECT_ERROR) {
      return ldapError(
          "the connection to " + url + " was lost while changing " + dn + ": " + rootMessage(e),
          "run the command again; it resumes where it stopped");
    }
    return ldapError(
        "AD refused to change userPrincipalName of "
            + dn
            + ": "
            + code
            + (diagnostic.isEmpty() ? "" : " " + diagnostic),
        "check the value and the bind account's rights");
  }

  @Override
  public int searchCount() {
    return searches.get();
  }

  /** The directory URL as configured. */
  public String url() {
    return url;
  }

  public String baseDn() {
    return baseDn;
  }

  @Override
  public void close() {
    connection.close();
  }

  // ---- helpers -------------------------------------------------------------------------

  private static HardmatchException ldapError(String message, String fix) {
    return new HardmatchException(HardmatchException.Code.LDAP, message, fix);
  }

  /** Belt and braces: no message leaves this class with the password in it. */
  private static HardmatchException redacted(HardmatchException e, String password) {
    if (password == null || password.isEmpty()) {
      return e;
    }
    String message = String.valueOf(e.getMessage());
    String fix = e.fix();
    if (!message.contains(password) && (fix == null || !fix.contains(password))) {
      return e;
    }
    return new HardmatchException(
        e.code(),
        message.replace(password, "****"),
        fix == null ? null : fix.replace(password, "****"));
  }

  private static boolean has(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage();
    if (message == null || message.isEmpty()) {
      message =
          t instanceof LDAPException
              ? ((LDAPException) t).getExceptionMessage()
              : t.getClass().getSimpleName();
    }
    return message;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
