package dev.hardmatch.directory;

import static dev.hardmatch.directory.LdapErrors.ldapError;
import static dev.hardmatch.directory.LdapErrors.nonNull;
import static dev.hardmatch.directory.LdapErrors.redacted;
import static dev.hardmatch.directory.LdapErrors.rootMessage;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.util.CrashHook;
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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(LdapDirectory.class);

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
    return open(spec, env, step -> {});
  }

  /** As {@link #open(LinksFile.DirectorySpec, Map)}, telling {@code steps} each step done. */
  public static LdapDirectory open(
      LinksFile.DirectorySpec spec, Map<String, String> env, Consumer<OpenStep> steps) {
    LdapConnector.Connected c = LdapConnector.connect(spec, env, steps);
    return new LdapDirectory(c.connection(), spec.url(), spec.baseDn(), c.password());
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
    return pagedSearch(filter, USER_ATTRIBUTES);
  }

  @Override
  public List<SampledUser> sample(Collection<String> sams, Collection<byte[]> sids) {
    return LdapProbe.sample(sams, sids, f -> pagedSearch(f, LdapListing.attributes()));
  }

  @Override
  public List<DirectoryUser> readAll(String ldapFilter) {
    return LdapListing.readAll(ldapFilter, f -> pagedSearch(f, LdapListing.attributes()));
  }

  /** One paged subtree search under the base DN reading {@code attributes}. */
  private List<SearchResultEntry> pagedSearch(Filter filter, String[] attributes) {
    List<SearchResultEntry> entries = new ArrayList<>();
    ASN1OctetString cookie = null;
    do {
      SearchRequest request =
          new SearchRequest(
              baseDn, SearchScope.SUB, DereferencePolicy.NEVER, 0, 0, false, filter, attributes);
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
    try {
      return logged(request);
    } catch (LDAPException e) {
      throw redacted(searchFailure(e), password);
    }
  }

  /**
   * Every search goes through here: counted, and logged at DEBUG with its base, scope, filter (the
   * names searched for, no secrets), entries returned and duration. The bind is never logged.
   */
  private SearchResult logged(SearchRequest request) throws LDAPException {
    searches.incrementAndGet();
    long start = System.nanoTime();
    int entries = -1;
    try {
      SearchResult result = connection.search(request);
      entries = result.getEntryCount();
      return result;
    } finally {
      if (LOG.isDebugEnabled()) {
        LOG.debug(
            "LDAP search base={} scope={} filter={} entries={} took {} ms",
            request.getBaseDN(),
            request.getScope().getName(),
            request.getFilter(),
            entries < 0 ? "failed" : entries,
            (System.nanoTime() - start) / 1_000_000);
      }
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
    try {
      SearchResult result = logged(request);
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
    CrashHook.point("before an LDAP write");
    try {
      connection.modify(
          new ModifyRequest(
              dn,
              new Modification(ModificationType.REPLACE, "userPrincipalName", userPrincipalName)));
    } catch (LDAPException e) {
      throw redacted(modifyFailure(e, dn), password);
    }
    CrashHook.point("after an LDAP write");
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
}
