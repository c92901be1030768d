package dev.hardmatch.plan;

import dev.hardmatch.anchor.Anchor;
import dev.hardmatch.directory.AdUser;
import dev.hardmatch.directory.DirectorySnapshot;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.spec.LinksFile.Link;
import dev.hardmatch.tenant.CloudUser;
import dev.hardmatch.tenant.Organization;
import dev.hardmatch.tenant.RoleAssignment;
import dev.hardmatch.tenant.TenantSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The planning rules of DESIGN §4 as a pure function: a links file and snapshots of AD and the
 * tenant in, a plan or every problem out. No I/O, no clock, no network: the same inputs always give
 * the same plan, and tests drive it with plain data.
 */
public final class Planner {

  /** Problem codes (stable: scripts and the docs name them). */
  public static final String AD_USER_NOT_FOUND = "AD_USER_NOT_FOUND";

  public static final String AD_USER_AMBIGUOUS = "AD_USER_AMBIGUOUS";
  public static final String AD_ANCHOR_INVALID = "AD_ANCHOR_INVALID";
  public static final String TARGET_NOT_FOUND = "TARGET_NOT_FOUND";
  public static final String TARGET_DELETED = "TARGET_DELETED";
  public static final String TARGET_SYNCED_ELSEWHERE = "TARGET_SYNCED_ELSEWHERE";
  public static final String TARGET_ANCHORED_ELSEWHERE = "TARGET_ANCHORED_ELSEWHERE";
  public static final String TARGET_PRIVILEGED = "TARGET_PRIVILEGED";
  public static final String DUPLICATE_LICENSED = "DUPLICATE_LICENSED";
  public static final String DUPLICATE_PROTECTED = "DUPLICATE_PROTECTED";
  public static final String DUPLICATE_CLOUD_ONLY = "DUPLICATE_CLOUD_ONLY";
  public static final String DUPLICATES_DISABLED = "DUPLICATES_DISABLED";
  public static final String PURGE_DISABLED = "PURGE_DISABLED";
  public static final String AD_UPN_MISMATCH = "AD_UPN_MISMATCH";
  public static final String HOLDER_IS_TARGET = "HOLDER_IS_TARGET";
  public static final String MAX_DELETES_EXCEEDED = "MAX_DELETES_EXCEEDED";
  public static final String WRONG_TENANT = "WRONG_TENANT";
  public static final String UPN_DOMAIN_NOT_VERIFIED = "UPN_DOMAIN_NOT_VERIFIED";

  static final String OBJECT_GUID = AnchorChoice.OBJECT_GUID;
  static final String CONSISTENCY_GUID = AnchorChoice.CONSISTENCY_GUID;

  // userAccountControl ACCOUNTDISABLE
  private static final int ACCOUNT_DISABLED = 0x2;

  private final LinksFile links;
  private final DirectorySnapshot dir;
  private final TenantView tenant;
  private final List<Problem> problems = new ArrayList<>();

  /** Target object id → the link whose target it is (for HOLDER_IS_TARGET). */
  private final Map<String, Link> linkByTargetId = new HashMap<>();

  /** Lower-cased target UPN → the links naming it, in file order (for HOLDER_IS_TARGET). */
  private final Map<String, List<Link>> linksByUpn = new HashMap<>();

  private Planner(LinksFile links, DirectorySnapshot dir, TenantSnapshot tenant) {
    this.links = links;
    this.dir = dir;
    this.tenant = TenantView.of(tenant);
  }

  /**
   * Plans every link of {@code links} (in file order) against the snapshots. The plan carries no
   * digest, createdAt or toolVersion yet: {@link PlanFile#finish} adds them.
   */
  public static PlanResult plan(LinksFile links, DirectorySnapshot dir, TenantSnapshot tenant) {
    return new Planner(links, dir, tenant).run();
  }

  private PlanResult run() {
    Organization org = tenant.organization();
    String wanted = links.tenant().id();
    if (org == null || !wanted.equalsIgnoreCase(org.tenantId())) {
      // Everything else read from the wrong tenant would only mislead.
      String got = org == null ? "an unknown tenant" : describe(org);
      return new PlanResult(
          null,
          List.of(
              new Problem(
                  WRONG_TENANT,
                  null,
                  null,
                  "the links file names tenant "
                      + wanted
                      + " but the credentials reach "
                      + got
                      + " — fix tenant.id, or sign in to the right tenant")));
    }
    for (Link link : links.links()) {
      linksByUpn
          .computeIfAbsent(link.upn().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(link);
      CloudUser t = tenant.byUpn(link.upn());
      if (t != null) {
        linkByTargetId.put(t.id(), link);
      }
    }
    List<LinkPlan> planned = new ArrayList<>();
    Set<String> deletions = new LinkedHashSet<>();
    for (Link link : links.links()) {
      LinkPlan lp = planLink(link);
      if (lp != null) {
        planned.add(lp);
        for (Action a : lp.actions()) {
          if (a instanceof DeleteUser d) {
            deletions.add(d.objectId());
          }
        }
      }
    }
    int maxDeletes = links.policy().maxDeletes();
    if (deletions.size() > maxDeletes) {
      problems.add(
          new Problem(
              MAX_DELETES_EXCEEDED,
              null,
              null,
              "the plan deletes "
                  + deletions.size()
                  + " users, more than policy.maxDeletes ("
                  + maxDeletes
                  + ") — raise policy.maxDeletes if that many is intended, or split the links"
                  + " file"));
    }
    if (!problems.isEmpty()) {
      return new PlanResult(null, List.copyOf(problems));
    }
    String url = dir.url() != null ? dir.url() : links.directory().url();
    String baseDn = dir.baseDn() != null ? dir.baseDn() : links.directory().baseDn();
    Plan plan =
        new Plan(
            Plan.FORMAT_VERSION,
            null,
            null,
            null,
            new Plan.Source(links.path().toString().replace('\\', '/'), links.sha256()),
            new Plan.TenantRef(wanted, org.displayName()),
            new Plan.DirectoryRef(url, baseDn),
            Plan.Summary.of(planned),
            List.copyOf(planned));
    return new PlanResult(plan, List.of());
  }

  /** Plans one link; records its problems and returns null when it cannot be planned. */
  private LinkPlan planLink(Link link) {
    int before = problems.size();
    List<String> warnings = new ArrayList<>();
    String sam = link.sam();
    String upn = link.upn();

    String domain = upn.substring(upn.lastIndexOf('@') + 1);
    boolean domainVerified = tenant.organization().verifies(domain);
    if (!domainVerified) {
      problem(
          link,
          UPN_DOMAIN_NOT_VERIFIED,
          "the tenant has not verified the domain "
              + domain
              + " (verified: "
              + verifiedDomains()
              + ") — correct the upn, or verify the domain in Entra ID first");
    }

    AdUser ad = findAdUser(link);
    LinkPlan.AnchorRef anchor = ad == null ? null : anchorOf(link, ad, warnings);

    CloudUser target = tenant.byUpn(upn);
    if (target == null) {
      CloudUser deleted = tenant.deletedByUpn(upn);
      if (deleted != null) {
        problem(
            link,
            TARGET_DELETED,
            "the cloud account "
                + upn
                + " is in the recycle bin (id "
                + deleted.id()
                + ", deleted "
                + deleted.deletedDateTime()
                + ") — restore it first, then plan again");
      } else if (domainVerified) {
        problem(
            link,
            TARGET_NOT_FOUND,
            "no cloud account has the UPN "
                + upn
                + " — correct the upn; hardmatch links existing accounts only");
      }
    }
    if (target == null || anchor == null) {
      return null;
    }

    String immutableId = anchor.immutableId();
    String current = target.onPremisesImmutableId();
    boolean unchanged = immutableId.equals(current);
    List<Action> deletes = new ArrayList<>();
    List<Action> purges = new ArrayList<>();
    SetImmutableId setAnchor = null;

    if (!unchanged) {
      if (target.synced()) {
        problem(
            link,
            TARGET_SYNCED_ELSEWHERE,
            target.userPrincipalName()
                + " (id "
                + target.id()
                + ") is already synced from on-premises with another anchor ("
                + (current == null ? "none" : current)
                + ", this AD user's is "
                + immutableId
                + ") — it belongs to another AD object: correct the link, or take that object"
                + " out of sync scope first");
      } else if (current != null && !current.equals(link.replaceAnchor())) {
        String msg =
            target.userPrincipalName()
                + " (id "
                + target.id()
                + ") already holds onPremisesImmutableId "
                + current
                + " (this AD user's anchor is "
                + immutableId
                + ")";
        if (link.replaceAnchor() != null) {
          msg +=
              "; replaceAnchor is "
                  + link.replaceAnchor()
                  + " but the account holds "
                  + current
                  + " — set replaceAnchor: "
                  + current
                  + " if that value is to be replaced";
        } else {
          msg += " — if that value is stale, add replaceAnchor: " + current + " to this link";
        }
        problem(link, TARGET_ANCHORED_ELSEWHERE, msg);
      } else if (current == null && link.replaceAnchor() != null) {
        warnings.add(
            "replaceAnchor is set but "
                + target.userPrincipalName()
                + " holds no anchor; it is not needed");
      }

      checkPrivileged(link, target, warnings);

      for (CloudUser holder : tenant.holders(immutableId)) {
        if (!holder.id().equals(target.id())) {
          planDuplicate(link, holder, immutableId, deletes, purges);
        }
      }
      for (CloudUser gone : tenant.deletedHolders(immutableId)) {
        planPurge(link, gone, immutableId, purges);
      }
      setAnchor =
          new SetImmutableId(
              target.id(), target.userPrincipalName(), current, immutableId, expect(target));
    } else if (!target.synced() && !roles(target).isEmpty()) {
      warnings.add(
          target.userPrincipalName()
              + " holds the anchor but has directory roles ("
              + String.join(", ", roles(target))
              + "): Entra Connect will not match it until they are removed");
    }

    SetAdUpn setUpn = null;
    String adUpn = ad.userPrincipalName();
    if (adUpn == null || !adUpn.equalsIgnoreCase(target.userPrincipalName())) {
      String shown = adUpn == null ? "not set" : adUpn;
      if (link.adUpn() == null) {
        problem(
            link,
            AD_UPN_MISMATCH,
            "the AD userPrincipalName is "
                + shown
                + " but the cloud UPN is "
                + target.userPrincipalName()
                + ": after the match sync would rename the cloud account to "
                + renamedTo(adUpn, sam)
                + " — add adUpn: match (hardmatch rewrites the AD UPN) or adUpn: keep (accept"
                + " the rename)");
      } else if (link.adUpn() == LinksFile.AdUpnMode.MATCH) {
        setUpn = new SetAdUpn(ad.dn(), adUpn, target.userPrincipalName());
      } else {
        warnings.add(
            "adUpn: keep — after the match sync renames the cloud account from "
                + target.userPrincipalName()
                + " to "
                + renamedTo(adUpn, sam));
      }
    }

    if ((ad.userAccountControl() & ACCOUNT_DISABLED) != 0) {
      warnings.add(
          "the AD account is disabled: after the match sync blocks sign-in to "
              + target.userPrincipalName());
    }

    if (problems.size() > before) {
      return null;
    }
    List<Action> actions = new ArrayList<>(deletes);
    actions.addAll(purges);
    if (setAnchor != null) {
      actions.add(setAnchor);
    }
    if (setUpn != null) {
      actions.add(setUpn);
    }
    return new LinkPlan(
        sam,
        upn,
        actions.isEmpty() ? LinkPlan.UNCHANGED : LinkPlan.CHANGE,
        anchor,
        unchanged && target.synced(),
        List.copyOf(actions),
        List.copyOf(warnings),
        syncImpact(ad, target));
  }

  private AdUser findAdUser(Link link) {
    List<AdUser> found = dir.find(link.sam());
    if (found.isEmpty()) {
      problem(
          link,
          AD_USER_NOT_FOUND,
          "no AD user has sAMAccountName "
              + link.sam()
              + " under "
              + baseDn()
              + " — correct the sam, or check that the account is inside directory.baseDn");
      return null;
    }
    if (found.size() > 1) {
      problem(
          link,
          AD_USER_AMBIGUOUS,
          found.size()
              + " AD users have sAMAccountName "
              + link.sam()
              + ": "
              + found.stream().map(AdUser::dn).sorted().collect(Collectors.joining("; "))
              + " — narrow directory.baseDn so that exactly one is in scope");
      return null;
    }
    return found.get(0);
  }

  /** The anchor per directory.sourceAnchor: auto = mS-DS-ConsistencyGuid when set. */
  private LinkPlan.AnchorRef anchorOf(Link link, AdUser ad, List<String> warnings) {
    LinksFile.SourceAnchor mode = links.directory().sourceAnchor();
    AnchorChoice choice = AnchorChoice.of(ad, mode == null ? LinksFile.SourceAnchor.AUTO : mode);
    byte[] raw = choice.raw();
    String attribute = choice.attribute();
    if (choice.consistencyGuidMissing()) {
      // Entra Connect does the same: it uses objectGUID and writes it into the empty attribute.
      warnings.add(
          "mS-DS-ConsistencyGuid is not set on "
              + ad.dn()
              + "; the anchor is its objectGUID, which Entra Connect writes back into it");
    }
    if (!choice.valid()) {
      problem(
          link,
          AD_ANCHOR_INVALID,
          attribute
              + " of "
              + ad.dn()
              + " has "
              + (raw == null ? "no value" : raw.length + " bytes")
              + ", an anchor has 16 — correct the attribute in AD");
      return null;
    }
    Anchor a = Anchor.ofBytes(raw);
    return new LinkPlan.AnchorRef(attribute, a.guid(), a.immutableId());
  }

  private void checkPrivileged(Link link, CloudUser target, List<String> warnings) {
    List<String> held = roles(target);
    if (!held.isEmpty()) {
      problem(
          link,
          TARGET_PRIVILEGED,
          target.userPrincipalName()
              + " (id "
              + target.id()
              + ") has directory roles: "
              + String.join(", ", held)
              + " — Entra ID refuses to hard-match privileged accounts: remove the role"
              + " assignments and eligibilities first, then plan again");
    }
    if (!tenant.eligibilitiesKnown()) {
      warnings.add(
          "eligible role assignments could not be read, so whether "
              + target.userPrincipalName()
              + " is eligible for a privileged role is unknown (Entra ID refuses to match such"
              + " accounts) — grant the permission to read role eligibilities, or check PIM by"
              + " hand");
    }
  }

  /** Every role a user holds, "Name (assigned)" / "Name (eligible)", in a stable order. */
  private List<String> roles(CloudUser user) {
    Set<String> out = new TreeSet<>();
    for (RoleAssignment r : tenant.assignedRoles(user.id())) {
      out.add(DirectoryRoles.name(r.roleDefinitionId()) + " (assigned)");
    }
    for (RoleAssignment r : tenant.eligibleRoles(user.id())) {
      out.add(DirectoryRoles.name(r.roleDefinitionId()) + " (eligible)");
    }
    return List.copyOf(out);
  }

  /** Another active user holds the anchor: delete and purge it when policy allows, else say why. */
  private void planDuplicate(
      Link link, CloudUser holder, String immutableId, List<Action> deletes, List<Action> purges) {
    String who =
        "the anchor "
            + immutableId
            + " is held by another active user, "
            + holder.userPrincipalName()
            + " (id "
            + holder.id()
            + ")";
    Link owner = linkByTargetId.get(holder.id());
    if (owner != null) {
      problem(
          link,
          HOLDER_IS_TARGET,
          who
              + ", which is the target of link "
              + owner.sam()
              + " → "
              + owner.upn()
              + " — two links claim accounts sharing one anchor: correct one of them");
      return;
    }
    int before = problems.size();
    LinksFile.Policy policy = links.policy();
    boolean protectedUpn = isProtected(holder.userPrincipalName());
    List<String> held = roles(holder);
    if (protectedUpn || !held.isEmpty()) {
      problem(
          link,
          DUPLICATE_PROTECTED,
          who
              + ", which is protected ("
              + (protectedUpn ? "listed in policy.protectedUpns" : "")
              + (protectedUpn && !held.isEmpty() ? "; " : "")
              + (held.isEmpty() ? "" : "directory roles: " + String.join(", ", held))
              + ") — hardmatch never deletes it: resolve it by hand");
    }
    if (!holder.synced()) {
      problem(
          link,
          DUPLICATE_CLOUD_ONLY,
          who
              + ", which was not created by sync (onPremisesSyncEnabled is not true), so it is"
              + " not a sync duplicate — find out who set its onPremisesImmutableId; hardmatch"
              + " deletes only sync-created duplicates");
    }
    if (holder.licensed() && !policy.allowLicensedDeletes()) {
      problem(
          link,
          DUPLICATE_LICENSED,
          who
              + ", which has licenses ("
              + String.join(", ", sorted(holder.assignedLicenses()))
              + "): deleting it can lose its mailbox and files — move or remove its licenses"
              + " first, or set policy.allowLicensedDeletes: true");
    }
    if (!(policy.deleteDuplicates() && policy.purgeDeleted())) {
      problem(
          link,
          DUPLICATES_DISABLED,
          who
              + ": it must be deleted and purged to free the anchor, but policy.deleteDuplicates"
              + " and policy.purgeDeleted are not both true — set both to let hardmatch do it");
    }
    if (problems.size() == before) {
      // Observed active now; apply reads "deleted: false" on the purge as the state before the
      // delete that precedes it.
      deletes.add(new DeleteUser(holder.id(), holder.userPrincipalName(), expect(holder)));
      purges.add(new PurgeDeletedUser(holder.id(), holder.userPrincipalName(), expect(holder)));
    }
  }

  /** A recycle-bin user holds the anchor: purge it when policy allows, else say why. */
  private void planPurge(Link link, CloudUser gone, String immutableId, List<Action> purges) {
    String upn = originalUpn(gone.userPrincipalName());
    String who =
        "the anchor "
            + immutableId
            + " is held by "
            + upn
            + " (id "
            + gone.id()
            + ") in the recycle bin, and stays reserved until it is purged";
    int before = problems.size();
    // Purging is final: never the account another link means to restore, never a protected one.
    List<Link> named =
        upn == null ? List.of() : linksByUpn.getOrDefault(upn.toLowerCase(Locale.ROOT), List.of());
    for (Link other : named) {
      if (other != link) {
        problem(
            link,
            HOLDER_IS_TARGET,
            who
                + "; it is the target of link "
                + other.sam()
                + " → "
                + other.upn()
                + " — restore that account first, or correct one of the links");
      }
    }
    if (isProtected(upn)) {
      problem(
          link,
          DUPLICATE_PROTECTED,
          who
              + "; it is listed in policy.protectedUpns — hardmatch never purges it: resolve it"
              + " by hand");
    }
    if (!links.policy().purgeDeleted()) {
      problem(
          link, PURGE_DISABLED, who + " — set policy.purgeDeleted: true to let hardmatch purge it");
    }
    if (problems.size() == before) {
      purges.add(new PurgeDeletedUser(gone.id(), gone.userPrincipalName(), expect(gone)));
    }
  }

  private boolean isProtected(String upn) {
    List<String> list = links.policy().protectedUpns();
    return upn != null && list != null && list.stream().anyMatch(p -> p.equalsIgnoreCase(upn));
  }

  private static String originalUpn(String upn) {
    return TenantView.originalUpn(upn);
  }

  /** Cloud attributes the next sync overwrites from AD: only those AD has a value for. */
  private static List<String> syncImpact(AdUser ad, CloudUser cloud) {
    List<String> out = new ArrayList<>();
    impact(out, "displayName", cloud.displayName(), ad.displayName());
    impact(out, "givenName", cloud.givenName(), ad.givenName());
    impact(out, "surname", cloud.surname(), ad.surname());
    impact(out, "mail", cloud.mail(), ad.mail());
    List<String> adProxies = ad.proxyAddresses() == null ? List.of() : ad.proxyAddresses();
    List<String> cloudProxies = cloud.proxyAddresses() == null ? List.of() : cloud.proxyAddresses();
    if (!adProxies.isEmpty() && !new TreeSet<>(adProxies).equals(new TreeSet<>(cloudProxies))) {
      out.add(
          "proxyAddresses: "
              + (cloudProxies.isEmpty() ? "(none)" : "[" + String.join(", ", cloudProxies) + "]")
              + " → ["
              + String.join(", ", adProxies)
              + "]");
    }
    return List.copyOf(out);
  }

  private static void impact(List<String> out, String attribute, String cloud, String ad) {
    if (ad != null && !ad.isEmpty() && !ad.equals(cloud)) {
      out.add(
          attribute
              + ": "
              + (cloud == null || cloud.isEmpty() ? "(none)" : '"' + cloud + '"')
              + " → \""
              + ad
              + '"');
    }
  }

  /** What sync makes of an AD UPN: itself when its domain is verified, else the initial domain. */
  private String renamedTo(String adUpn, String sam) {
    Organization org = tenant.organization();
    String local = sam;
    if (adUpn != null) {
      local = adUpn.contains("@") ? adUpn.substring(0, adUpn.lastIndexOf('@')) : adUpn;
    }
    if (adUpn != null && adUpn.contains("@")) {
      String domain = adUpn.substring(adUpn.lastIndexOf('@') + 1);
      if (org.verifies(domain)) {
        return adUpn;
      }
    }
    String initial = org.initialDomain();
    return initial == null ? local + "@<initial domain>" : local + "@" + initial;
  }

  private static Expect expect(CloudUser u) {
    return new Expect(
        u.id(),
        u.userPrincipalName(),
        u.onPremisesImmutableId(),
        u.onPremisesSyncEnabled(),
        sorted(u.assignedLicenses()),
        u.deleted());
  }

  private static List<String> sorted(List<String> values) {
    return values == null ? List.of() : values.stream().sorted().collect(Collectors.toList());
  }

  private void problem(Link link, String code, String message) {
    problems.add(new Problem(code, link.sam(), link.upn(), message));
  }

  private String verifiedDomains() {
    return tenant.organization().verifiedDomains().stream()
        .map(Organization.VerifiedDomain::name)
        .sorted()
        .collect(Collectors.joining(", "));
  }

  private String baseDn() {
    return Objects.requireNonNullElse(
        dir.baseDn(), Objects.requireNonNullElse(links.directory().baseDn(), "the base DN"));
  }

  private static String describe(Organization org) {
    return "tenant "
        + org.tenantId()
        + (org.displayName() == null ? "" : " (" + org.displayName() + ")");
  }
}
