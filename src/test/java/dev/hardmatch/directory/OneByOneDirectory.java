package dev.hardmatch.directory;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The benchmark's naive strategy for AD (test scope only, see ci/bench): one search per
 * sAMAccountName instead of OR-filters of a hundred. Reads the same snapshot as the bulk path; it
 * exists only so the benchmark can show what bulk saves. Never use it for real work.
 */
public final class OneByOneDirectory implements Directory {
  private final Directory directory;

  public OneByOneDirectory(Directory directory) {
    this.directory = directory;
  }

  @Override
  public DirectorySnapshot read(Collection<String> sams) {
    String url = null;
    String baseDn = null;
    Map<String, List<AdUser>> found = new TreeMap<>();
    for (String sam : sams) {
      DirectorySnapshot one = directory.read(List.of(sam));
      url = one.url();
      baseDn = one.baseDn();
      found.putAll(one.usersBySam());
    }
    if (url == null) {
      DirectorySnapshot none = directory.read(List.of());
      url = none.url();
      baseDn = none.baseDn();
    }
    // The bulk read's order: keys sorted.
    return new DirectorySnapshot(
        url, baseDn, Collections.unmodifiableMap(new LinkedHashMap<>(found)));
  }

  @Override
  public List<DirectoryUser> readAll(String ldapFilter) {
    return directory.readAll(ldapFilter);
  }

  @Override
  public void setUserPrincipalName(String dn, String userPrincipalName) {
    directory.setUserPrincipalName(dn, userPrincipalName);
  }

  @Override
  public int searchCount() {
    return directory.searchCount();
  }

  @Override
  public void close() {
    directory.close();
  }
}
