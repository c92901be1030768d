package dev.hardmatch.sandbox.ad;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import dev.hardmatch.net.DelegatingSslSocketFactory;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;

/**
 * AD's manners for requests that arrive over the network: records each search filter (so tests can
 * see what was escaped), gives objects added without one an objectGUID and their full class chain,
 * and — when asked — refuses simple binds over unencrypted LDAP with resultCode 8 and leaves
 * attributes the bind account may not read out of search results.
 */
final class AdManners extends InMemoryOperationInterceptor {
  private final List<String> receivedFilters;
  private final boolean requireStrongAuth;
  private final List<String> hidden;
  // The listener serves each connection on its own thread, and StartTLS wraps the socket on
  // that thread (before any interceptor sees a request): so "this thread did StartTLS" is
  // "this connection is encrypted".
  private final ThreadLocal<Boolean> startedTls = ThreadLocal.withInitial(() -> false);
  volatile int plainPort = -1; // set once listening

  AdManners(List<String> receivedFilters, boolean requireStrongAuth, List<String> hidden) {
    this.receivedFilters = receivedFilters;
    this.requireStrongAuth = requireStrongAuth;
    this.hidden = List.copyOf(hidden);
  }

  /** Wraps the StartTLS socket factory to note which connection threads went encrypted. */
  SSLSocketFactory noticingStartTls(SSLSocketFactory delegate) {
    return new DelegatingSslSocketFactory(delegate) {
      @Override
      public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
          throws IOException {
        Socket tls = super.createSocket(socket, host, port, autoClose);
        startedTls.set(true);
        return tls;
      }
    };
  }

  @Override
  public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request)
      throws LDAPException {
    if (requireStrongAuth
        && request.getConnectedPort() == plainPort
        && !startedTls.get()
        && !request.getRequest().getBindDN().isEmpty()) {
      // Samba's words; Windows says "00002028: LdapErr: DSID-0C090259, comment: The server
      // requires binds to turn on integrity checking ...". Both are resultCode 8.
      throw new LDAPException(
          ResultCode.STRONG_AUTH_REQUIRED, "BindSimple: Transport encryption required.");
    }
  }

  @Override
  public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
    receivedFilters.add(request.getRequest().getFilter().toString());
  }

  /**
   * Leaves the hidden attributes out, as AD returns an entry without the attributes the bind
   * account may not read: no error, no sign (see docs/doctor.md).
   */
  @Override
  public void processSearchEntry(InMemoryInterceptedSearchEntry entry) {
    if (hidden.isEmpty()) {
      return;
    }
    Entry copy = entry.getSearchEntry().duplicate();
    boolean changed = false;
    for (String name : hidden) {
      changed |= copy.removeAttribute(name);
    }
    if (changed) {
      entry.setSearchEntry(copy);
    }
  }

  @Override
  public void processAddRequest(InMemoryInterceptedAddRequest request) {
    Entry entry = request.getRequest().toEntry();
    AdEntries.completeObjectClasses(entry, AdSchema.get());
    if (!entry.hasAttribute("objectGUID")) {
      entry.addAttribute("objectGUID", AdEntries.randomGuid());
    }
    AddRequest add = new AddRequest(entry);
    add.setControls(request.getRequest().getControls());
    request.setRequest(add);
  }
}
