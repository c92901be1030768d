package dev.hardmatch.cli;

import dev.hardmatch.apply.Apply;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.Tenant;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The real adapters, with the links file they open from rewritten (e.g. to reach a sandbox's free
 * ports) and the opened tenant and directory decorated (e.g. to halt at a write).
 */
record DecoratedEnvironment(
    Apply.Environment real,
    UnaryOperator<LinksFile> openAt,
    UnaryOperator<Tenant> tenant,
    UnaryOperator<Directory> directory)
    implements Apply.Environment {

  DecoratedEnvironment(Apply.Environment real, UnaryOperator<Tenant> tenant) {
    this(real, links -> links, tenant, directory -> directory);
  }

  @Override
  public LinksFile loadLinks(Path file) {
    return real.loadLinks(file);
  }

  @Override
  public Tenant openTenant(LinksFile links) {
    return tenant.apply(real.openTenant(openAt.apply(links)));
  }

  @Override
  public Directory openDirectory(LinksFile links) {
    return directory.apply(real.openDirectory(openAt.apply(links)));
  }
}
