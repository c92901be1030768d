package dev.hardmatch.plan;

import dev.hardmatch.anchor.Anchor;
import dev.hardmatch.directory.AdUser;
import dev.hardmatch.directory.DirectorySnapshot;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.spec.LinksFile.Link;
import dev.hardmatch.tenant.CloudUser;
import dev.hardmatch.tenant.HardMatchTakeover;
import dev.hardmatch.tenant.Organization;
import dev.hardmatch.tenant.RoleAssignment;
import dev.hardmatch.tenant.TenantSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The planning rules of docs/planning-rules.md as a pure function: a links file and snapshots of AD
 * and the tenant in, a plan or every problem out. No I/O, no clock, no network: the same inputs
 * always give the same plan, and tests drive it with plain data.
 */
public final class Planner {

  static final String OBJECT_GUID = AnchorChoice.OBJECT_GUID;
  static final String CONSISTENCY_GUID = AnchorChoice.CONSISTENCY_GUID;

  // userAccountControl ACCOUNTDISABLE
  private static final int ACCOUNT_DISABLED = 0x2;

  private final LinksFile links;
  private final DirectorySnapshot dir;
  private final TenantView tenant;
  private final List<Problem> problems = new ArrayList<>();

  /** Links whose target is not synced yet: each still needs a hard match (TAKEOVER_BLOCKED). */
  private final Set<Link> awaitingMatch = new HashSet<>();

  /** Each link's plan in file order, null where it has problems (for {@link #rederive}). */
  private final List<LinkPlan> perLink = new ArrayList<>();

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

  /**
   * What the rules allow for each link of {@code links} on its own, as apply re-derives it before
   * its first write: per link in file order its plan, or null where it cannot be planned. Every
   * problem found, per link and plan-wide ({@code MAX_DELETES_EXCEEDED}, {@code WRONG_TENANT}), is
   * added to {@code problems}.
   */
  public static List<LinkPlan> rederive(
      LinksFile links, DirectorySnapshot dir, TenantSnapshot tenant, List<Problem> problems) {
    Planner planner = new Planner(links, dir, tenant);
    problems.addAll(planner.run().problems());
    List<LinkPlan> out = new ArrayList<>(planner.perLink);
    while (out.size() < links.links().size()) {
      out.add(null); // a plan-wide problem stopped planning before this link
    }
    return java.util.Collections.unmodifiableList(out);
  }

  private PlanResult run() {
    Organization org = tenant.organization();
    String wanted = links.tenant().id();
    if (org == null || !wanted.equalsIgnoreCase(org.tenantId())) {
      // Everything else read from the wrong tenant would only mislead.
      return new PlanResult(
          null,
          List.of(
              new Problem(
                  ProblemCode.WRONG_TENANT, null, null, ProblemTexts.wrongTenant(wanted, org))));
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
      perLink.add(lp);
      if (lp != null) {
        planned.add(lp);
        for (Action a : lp.actions()) {
          if (a instanceof DeleteUser d) {
            deletions.add(d.objectId());
          }
        }
      }
    }
    if (!awaitingMatch.isEmpty() && tenant.takeover() == HardMatchTakeover.BLOCKED) {
      problems.add(SyncBlocks.takeoverBlocked(awaitingMatch.size()));
      // No hard match takes effect: re-derived, none of these links may do anything.
      for (int i = 0; i < perLink.size(); i++) {
        if (awaitingMatch.contains(links.links().get(i))) {
          perLink.set(i, null);
        }
      }
    }
    int maxDeletes = links.policy().maxDeletes();
    if (deletions.size() > maxDeletes) {
      problems.add(
          new Problem(
              ProblemCode.MAX_DELETES_EXCEEDED,
              null,
              null,
              ProblemTexts.maxDeletesExceeded(deletions.size(), maxDeletes)));
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
            new Plan.TenantRef(wanted, org.displayName(), tenant.takeover()),
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
          ProblemCode.UPN_DOMAIN_NOT_VERIFIED,
          ProblemTexts.domainNotVerified(domain, tenant.organization()));
    }

    AdUser ad = findAdUser(link);
    LinkPlan.AnchorRef anchor = ad == null ? null : anchorOf(link, ad, warnings);

    CloudUser target = tenant.byUpn(upn);
    if (target == null) {
      CloudUser deleted = tenant.deletedByUpn(upn);
      if (deleted != null) {
        problem(link, ProblemCode.TARGET_DELETED, ProblemTexts.targetDeleted(upn, deleted));
      } else if (domainVerified) {
        problem(link, ProblemCode.TARGET_NOT_FOUND, ProblemTexts.targetNotFound(upn));
      }
    }
    if (target == null || anchor == null) {
      return null;
    }
    if (!target.synced()) {
      awaitingMatch.add(link);
      problems.addAll(SyncBlocks.of(link, ad, anchor, target, tenant));
    }

    String immutableId = anchor.immutableId();
    // apply's probe placeholder (an interrupted run) stands for the value it replaced: none.
    String current =
        ProbeAnchor.isFor(target.onPremisesImmutableId(), target.id())
            ? null
            : target.onPremisesImmutableId();
    boolean unchanged = immutableId.equals(current);
    List<Action> deletes = new ArrayList<>();
    List<Action> purges = new ArrayList<>();
    SetImmutableId setAnchor = null;

    if (!unchanged) {
      if (target.synced()) {
        problem(
            link,
            ProblemCode.TARGET_SYNCED_ELSEWHERE,
            ProblemTexts.syncedElsewhere(target, current, immutableId));
      } else if (current != null && !current.equals(link.replaceAnchor())) {
        problem(
            link,
            ProblemCode.TARGET_ANCHORED_ELSEWHERE,
            ProblemTexts.anchoredElsewhere(target, current, immutableId, link.replaceAnchor()));
      } else if (current == null && link.replaceAnchor() != null) {
        warnings.add(ProblemTexts.replaceAnchorNotNeeded(target));
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
      warnings.add(ProblemTexts.holderHasRoles(target, roles(target)));
    }

    SetAdUpn setUpn = null;
    String adUpn = ad.userPrincipalName();
    if (adUpn == null || !adUpn.equalsIgnoreCase(target.userPrincipalName())) {
      if (link.adUpn() == null) {
        problem(
            link,
            ProblemCode.AD_UPN_MISMATCH,
            ProblemTexts.adUpnMismatch(adUpn, target, renamedTo(adUpn, sam)));
      } else if (link.adUpn() == LinksFile.AdUpnMode.MATCH) {
        setUpn = new SetAdUpn(ad.dn(), adUpn, target.userPrincipalName());
      } else {
        warnings.add(ProblemTexts.adUpnKept(target, renamedTo(adUpn, sam)));
      }
    }

    if ((ad.userAccountControl() & ACCOUNT_DISABLED) != 0) {
      warnings.add(ProblemTexts.adAccountDisabled(target));
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
        SyncImpact.of(ad, target));
  }

  private AdUser findAdUser(Link link) {
    List<AdUser> found = dir.find(link.sam());
    if (found.isEmpty()) {
      problem(
          link, ProblemCode.AD_USER_NOT_FOUND, ProblemTexts.adUserNotFound(link.sam(), baseDn()));
      return null;
    }
    if (found.size() > 1) {
      problem(link, ProblemCode.AD_USER_AMBIGUOUS, ProblemTexts.adUserAmbiguous(link.sam(), found));
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
      warnings.add(ProblemTexts.consistencyGuidMissing(ad));
    }
    if (!choice.valid()) {
      problem(link, ProblemCode.AD_ANCHOR_INVALID, ProblemTexts.anchorInvalid(attribute, ad, raw));
      return null;
    }
    Anchor a = Anchor.ofBytes(raw);
    return new LinkPlan.AnchorRef(attribute, a.guid(), a.immutableId());
  }

  private void checkPrivileged(Link link, CloudUser target, List<String> warnings) {
    List<String> held = roles(target);
    if (!held.isEmpty()) {
      problem(link, ProblemCode.TARGET_PRIVILEGED, ProblemTexts.targetPrivileged(target, held));
    }
    if (!tenant.eligibilitiesKnown()) {
      warnings.add(ProblemTexts.eligibilitiesUnknown(target));
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
    for (TenantView.GroupRole g : tenant.groupRoles(user.id())) {
      out.add(
          DirectoryRoles.name(g.role().roleDefinitionId())
              + (g.eligible() ? " (eligible" : " (assigned")
              + " through group "
              + g.group().displayName()
              + ")");
    }
    return List.copyOf(out);
  }

  /** Another active user holds the anchor: delete and purge it when policy allows, else say why. */
  private void planDuplicate(
      Link link, CloudUser holder, String immutableId, List<Action> deletes, List<Action> purges) {
    String who = ProblemTexts.activeHolder(immutableId, holder);
    Link owner = linkByTargetId.get(holder.id());
    if (owner != null) {
      problem(
          link,
          ProblemCode.HOLDER_IS_TARGET,
          ProblemTexts.activeHolderIsTarget(who, owner.sam(), owner.upn()));
      return;
    }
    int before = problems.size();
    LinksFile.Policy policy = links.policy();
    boolean protectedUpn = isProtected(holder.userPrincipalName());
    List<String> held = roles(holder);
    if (protectedUpn || !held.isEmpty()) {
      problem(
          link,
          ProblemCode.DUPLICATE_PROTECTED,
          ProblemTexts.duplicateProtected(who, protectedUpn, held));
    }
    if (!holder.synced()) {
      problem(link, ProblemCode.DUPLICATE_CLOUD_ONLY, ProblemTexts.duplicateCloudOnly(who));
    }
    if (holder.licensed() && !policy.allowLicensedDeletes()) {
      problem(
          link,
          ProblemCode.DUPLICATE_LICENSED,
          ProblemTexts.duplicateLicensed(who, sorted(holder.assignedLicenses())));
    }
    if (!(policy.deleteDuplicates() && policy.purgeDeleted())) {
      problem(link, ProblemCode.DUPLICATES_DISABLED, ProblemTexts.duplicatesDisabled(who));
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
    String who = ProblemTexts.deletedHolder(immutableId, upn, gone);
    int before = problems.size();
    // Purging is final: never the account another link means to restore, never a protected one.
    List<Link> named =
        upn == null ? List.of() : linksByUpn.getOrDefault(upn.toLowerCase(Locale.ROOT), List.of());
    for (Link other : named) {
      if (other != link) {
        problem(
            link,
            ProblemCode.HOLDER_IS_TARGET,
            ProblemTexts.deletedHolderIsTarget(who, other.sam(), other.upn()));
      }
    }
    if (isProtected(upn)) {
      problem(link, ProblemCode.DUPLICATE_PROTECTED, ProblemTexts.deletedHolderProtected(who));
    }
    if (!links.policy().purgeDeleted()) {
      problem(link, ProblemCode.PURGE_DISABLED, ProblemTexts.purgeDisabled(who));
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

  private void problem(Link link, ProblemCode code, String message) {
    problems.add(new Problem(code, link.sam(), link.upn(), message));
  }

  private String baseDn() {
    return Objects.requireNonNullElse(
        dir.baseDn(), Objects.requireNonNullElse(links.directory().baseDn(), "the base DN"));
  }
}
