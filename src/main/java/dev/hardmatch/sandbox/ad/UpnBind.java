package dev.hardmatch.sandbox.ad;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;

/**
 * AD accepts {@code user@domain} as a simple bind name; the in-memory server only DNs. Maps the
 * service account's UPN and any entry's userPrincipalName to its DN.
 */
final class UpnBind extends InMemoryOperationInterceptor {
  volatile InMemoryDirectoryServer server; // set once the server exists
  private final String bindDn;
  private final String bindUpn;

  UpnBind(String bindDn, String bindUpn) {
    this.bindDn = bindDn;
    this.bindUpn = bindUpn;
  }

  @Override
  public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
    SimpleBindRequest bind = request.getRequest();
    String name = bind.getBindDN();
    if (name == null || name.contains("=") || !name.contains("@")) {
      return;
    }
    String dn = null;
    if (name.equalsIgnoreCase(bindUpn)) {
      dn = bindDn;
    } else {
      if (server != null) {
        try {
          SearchResult found =
              server.search(
                  server.getBaseDNs().get(0).toString(),
                  SearchScope.SUB,
                  Filter.createEqualityFilter("userPrincipalName", name),
                  "1.1");
          if (found.getEntryCount() == 1) {
            dn = found.getSearchEntries().get(0).getDN();
          }
        } catch (LDAPException e) {
          // Unknown name: leave the request as it is; the server refuses it.
        }
      }
    }
    if (dn != null) {
      request.setRequest(
          new SimpleBindRequest(dn, bind.getPassword().getValue(), bind.getControls()));
    }
  }
}
