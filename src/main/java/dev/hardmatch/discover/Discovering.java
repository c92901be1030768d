package dev.hardmatch.discover;

import dev.hardmatch.anchor.Sid;
import dev.hardmatch.apply.Apply;
import dev.hardmatch.directory.AdUser;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.directory.DirectoryUser;
import dev.hardmatch.plan.AnchorChoice;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.ListedUser;
import dev.hardmatch.tenant.Tenant;
import dev.hardmatch.tenant.TenantUsers;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Discovery as a use case: read every AD user and every cloud user in bulk, match them, keep the
 * links the file already has. Reads only.
 */
public final class Discovering {
  private final Apply.Environment systems;
  private final Consumer<String> status;

  /**
   * @param systems opens the directory and the tenant
   * @param status one line per phase (e.g. "reading every AD user below …")
   */
  public Discovering(Apply.Environment systems, Consumer<String> status) {
    this.systems = systems;
    this.status = status;
  }

  /**
   * What to read.
   *
   * @param ldapFilter narrows the AD users (null: all of them below the base DN)
   */
  public record Options(boolean includeDisabled, String ldapFilter) {}

  /**
   * The discovery and what it read.
   *
   * @param eligibilityUnknown eligible roles could not be read (no permission): a target only
   *     eligible for a role is not known to be privileged
   */
  public record Result(
      Discovery discovery, int adUsers, int cloudUsers, boolean eligibilityUnknown) {}

  public Result discover(LinksFile links, Options options) {
    List<AdPerson> ad = new ArrayList<>();
    TenantUsers listing;
    try (Directory directory = systems.openDirectory(links);
        Tenant tenant = systems.openTenant(links)) {
      status.accept("reading every AD user below " + links.directory().baseDn());
      for (DirectoryUser u : directory.readAll(options.ldapFilter())) {
        ad.add(toPerson(u, links.directory().sourceAnchor()));
      }
      status.accept("reading every user of the tenant at " + links.tenant().graph());
      listing = tenant.listUsers();
    }
    Set<String> privileged = listing.privileged();
    List<CloudAccount> cloud = new ArrayList<>();
    for (ListedUser u : listing.users()) {
      cloud.add(toAccount(u, privileged.contains(u.id())));
    }
    for (ListedUser u : listing.deletedUsers()) {
      cloud.add(toAccount(u, privileged.contains(u.id())));
    }
    status.accept(
        "matching " + ad.size() + " AD users with " + listing.users().size() + " cloud users");
    List<Matcher.Existing> existing = new ArrayList<>();
    links.links().forEach(l -> existing.add(new Matcher.Existing(l.sam(), l.upn())));
    Discovery d = Matcher.match(ad, cloud, existing, options.includeDisabled());
    return new Result(d, ad.size(), listing.users().size(), listing.roleEligibilities() == null);
  }

  static AdPerson toPerson(DirectoryUser d, LinksFile.SourceAnchor rule) {
    AdUser u = d.user();
    return new AdPerson(
        u.samAccountName(),
        u.dn(),
        u.userPrincipalName(),
        AnchorChoice.of(u, rule).immutableId(),
        Sid.toText(d.objectSid()),
        d.employeeId(),
        u.mail(),
        u.proxyAddresses(),
        u.givenName(),
        u.surname(),
        u.displayName(),
        d.enabled());
  }

  static CloudAccount toAccount(ListedUser u, boolean privileged) {
    return new CloudAccount(
        u.id(),
        u.userPrincipalName(),
        u.mail(),
        u.proxyAddresses(),
        u.otherMails(),
        u.employeeId(),
        u.givenName(),
        u.surname(),
        u.displayName(),
        u.onPremisesImmutableId(),
        u.onPremisesSecurityIdentifier(),
        u.onPremisesSamAccountName(),
        u.onPremisesSyncEnabled(),
        u.deleted(),
        privileged);
  }
}
