package dev.hardmatch.directory;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.SearchResultEntry;
import dev.hardmatch.spec.LinksFile;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What {@code hardmatch doctor} asks of AD beyond what plan reads (docs/doctor.md): can a TCP
 * connection to the directory be opened at all, and which of the attributes hardmatch reads does
 * the bind account get back on a few users.
 */
public final class LdapProbe {
  private LdapProbe() {}

  /** Every attribute hardmatch reads from a user (plan, apply, verify and discover). */
  public static List<String> readAttributes() {
    return List.of(LdapListing.attributes());
  }

  /**
   * Reads the bind password as opening the directory would, and forgets it.
   *
   * @throws dev.hardmatch.HardmatchException {@code LDAP} when it is missing or empty, with the fix
   *     (the message never holds the password)
   */
  public static void checkPassword(LinksFile.DirectorySpec spec, Map<String, String> env) {
    if (spec.bind() == null || spec.bind().user() == null || spec.bind().user().isBlank()) {
      throw LdapErrors.ldapError(
          "directory.bind.user is not set",
          "set the bind account, e.g. svc-hardmatch@corp.example.com");
    }
    LdapConnector.password(spec.bind(), env);
  }

  /**
   * Opens (and closes) a TCP connection to the host and port of {@code directory.url}.
   *
   * @return null when it opened, else what went wrong in a few words
   */
  public static String tcpFailure(LinksFile.DirectorySpec spec, int timeoutMillis) {
    LDAPURL url;
    try {
      url = new LDAPURL(spec.url());
    } catch (LDAPException e) {
      return "directory.url '" + spec.url() + "' is not an LDAP URL";
    }
    String where = url.getHost() + ":" + url.getPort();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), timeoutMillis);
      return null;
    } catch (ConnectException e) {
      return "connection to " + where + " refused";
    } catch (UnknownHostException e) {
      return "unknown host " + url.getHost();
    } catch (NoRouteToHostException e) {
      return "no route to " + where;
    } catch (SocketTimeoutException e) {
      return "connecting to " + where + " timed out after " + timeoutMillis / 1000 + " s";
    } catch (IOException | RuntimeException e) {
      return "cannot connect to " + where + ": " + LdapErrors.rootMessage(e);
    }
  }

  /**
   * The users with these sAMAccountNames or objectSids, in one search, with every attribute
   * hardmatch reads; each user once.
   */
  static List<SampledUser> sample(
      Collection<String> sams,
      Collection<byte[]> sids,
      Function<Filter, List<SearchResultEntry>> search) {
    List<Filter> wanted = new ArrayList<>();
    sams.forEach(sam -> wanted.add(Filter.createEqualityFilter("sAMAccountName", sam)));
    sids.forEach(sid -> wanted.add(Filter.createEqualityFilter("objectSid", sid)));
    if (wanted.isEmpty()) {
      return List.of();
    }
    Filter filter =
        Filter.createANDFilter(
            Filter.createEqualityFilter("objectClass", "user"),
            Filter.createNOTFilter(Filter.createEqualityFilter("objectClass", "computer")),
            Filter.createORFilter(wanted));
    Map<String, SampledUser> users = new LinkedHashMap<>();
    for (SearchResultEntry e : search.apply(filter)) {
      Set<String> present = new LinkedHashSet<>();
      for (String name : readAttributes()) {
        if (e.hasAttribute(name)) {
          present.add(name);
        }
      }
      users.putIfAbsent(
          e.getDN().toLowerCase(Locale.ROOT),
          new SampledUser(
              LdapDirectory.toUser(e), e.getAttributeValueBytes("objectSid"), Set.copyOf(present)));
    }
    return List.copyOf(users.values());
  }
}
