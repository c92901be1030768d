package dev.hardmatch.cli;

import dev.hardmatch.HardmatchException;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.directory.DirectorySnapshot;
import dev.hardmatch.tenant.ForwardingTenant;
import dev.hardmatch.tenant.Tenant;
import java.util.Collection;

/**
 * Decorators over the real adapters that count every write (Graph and LDAP together) and fail the
 * N-th one — before it is sent (a crash before the request) or after it took effect (a crash or
 * lost answer after it) — or run a hook after a given kind of write (a sync cycle racing apply).
 */
final class FaultyPorts {
  /** When the injected fault strikes, relative to the write. */
  enum When {
    BEFORE,
    AFTER
  }

  private final int failAt;
  private final When when;
  private final String hookAfter;
  private final Runnable hook;
  private int writes;

  private FaultyPorts(int failAt, When when, String hookAfter, Runnable hook) {
    this.failAt = failAt;
    this.when = when;
    this.hookAfter = hookAfter;
    this.hook = hook;
  }

  /** Fails the {@code n}-th write (1-based). */
  static FaultyPorts failing(int n, When when) {
    return new FaultyPorts(n, when, null, null);
  }

  /** Runs {@code hook} right after each write of kind {@code write} (e.g. "purgeDeletedUser"). */
  static FaultyPorts after(String write, Runnable hook) {
    return new FaultyPorts(0, When.AFTER, write, hook);
  }

  /** Writes attempted so far. */
  int writes() {
    return writes;
  }

  private <T> T write(String kind, java.util.function.Supplier<T> op) {
    writes++;
    if (writes == failAt && when == When.BEFORE) {
      throw new HardmatchException(
          HardmatchException.Code.GRAPH,
          "injected fault before write " + writes + " (" + kind + "): connection refused",
          null);
    }
    T result = op.get();
    if (writes == failAt && when == When.AFTER) {
      throw new HardmatchException(
          HardmatchException.Code.GRAPH,
          "injected fault after write " + writes + " (" + kind + "): connection reset",
          null);
    }
    if (kind.equals(hookAfter)) {
      hook.run();
    }
    return result;
  }

  Tenant tenant(Tenant t) {
    return new ForwardingTenant(t) {
      @Override
      public String deleteUser(String id) {
        return write("deleteUser", () -> t.deleteUser(id));
      }

      @Override
      public String purgeDeletedUser(String id) {
        return write("purgeDeletedUser", () -> t.purgeDeletedUser(id));
      }

      @Override
      public String setImmutableId(String id, String immutableId) {
        return write("setImmutableId", () -> t.setImmutableId(id, immutableId));
      }
    };
  }

  Directory directory(Directory d) {
    return new Directory() {
      @Override
      public DirectorySnapshot read(Collection<String> sams) {
        return d.read(sams);
      }

      @Override
      public java.util.List<dev.hardmatch.directory.DirectoryUser> readAll(String ldapFilter) {
        return d.readAll(ldapFilter);
      }

      @Override
      public void setUserPrincipalName(String dn, String userPrincipalName) {
        write(
            "setAdUpn",
            () -> {
              d.setUserPrincipalName(dn, userPrincipalName);
              return null;
            });
      }

      @Override
      public int searchCount() {
        return d.searchCount();
      }

      @Override
      public void close() {
        d.close();
      }
    };
  }
}
