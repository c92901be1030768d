package dev.hardmatch.apply;

import dev.hardmatch.directory.Directory;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.Tenant;

/**
 * The tenant and the directory of one apply, opened on first use (a refused plan may never need
 * them) and closed at the end.
 */
final class Connections implements AutoCloseable {
  private final Apply.Environment env;
  private LinksFile links;
  private Tenant tenant;
  private Directory directory;

  Connections(Apply.Environment env) {
    this.env = env;
  }

  /** The links file whose connection settings to use. */
  void use(LinksFile l) {
    this.links = l;
  }

  Tenant tenant() {
    if (tenant == null) {
      require();
      tenant = env.openTenant(links);
    }
    return tenant;
  }

  Directory directory() {
    if (directory == null) {
      require();
      directory = env.openDirectory(links);
    }
    return directory;
  }

  private void require() {
    if (links == null) {
      throw new IllegalStateException("connections need the links file first");
    }
  }

  @Override
  public void close() {
    try {
      if (tenant != null) {
        tenant.close();
      }
    } finally {
      if (directory != null) {
        directory.close();
      }
    }
  }
}
