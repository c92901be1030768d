package dev.hardmatch.apply;

import dev.hardmatch.directory.AdUser;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.directory.DirectorySnapshot;
import dev.hardmatch.plan.Action;
import dev.hardmatch.plan.DeleteUser;
import dev.hardmatch.plan.LinkPlan;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PurgeDeletedUser;
import dev.hardmatch.plan.SetAdUpn;
import dev.hardmatch.plan.SetImmutableId;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.CloudUser;
import dev.hardmatch.tenant.RoleAssignment;
import dev.hardmatch.tenant.Tenant;
import dev.hardmatch.tenant.TenantSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The STALE_PLAN gate (DESIGN §6.4): every action's {@code expect} still holds, or its end state is
 * already reached (a resumed apply). Reads the tenant and AD in bulk once, falling back to one read
 * per object only for what the bulk read did not return (advanced queries are eventually
 * consistent, and a renamed object is not found by its old UPN).
 */
public final class StalePlanGate {
  private final Tenant tenant;
  private final Set<String> purgedBefore;
  private final Set<String> gone = new HashSet<>();
  private final Map<String, Optional<CloudUser>> activeById = new HashMap<>();
  private final Map<String, CloudUser> deletedById = new HashMap<>();
  private final Set<String> privileged = new HashSet<>();
  private TenantSnapshot snapshot;

  /**
   * @param purgedBefore objects an earlier run of this plan purged (from its journal): a purge is
   *     final, so they need no single read when the bulk read does not return them
   */
  public StalePlanGate(Tenant tenant, Set<String> purgedBefore) {
    this.tenant = tenant;
    this.purgedBefore = purgedBefore;
  }

  /**
   * Objects found neither active nor in the recycle bin: permanently gone, so the executor need not
   * read them again.
   */
  public Set<String> gone() {
    return gone;
  }

  /** The tenant side: every cloud object an action touches, and who holds each planned anchor. */
  public List<Refusal> checkTenant(Plan plan) {
    List<Refusal> out = new ArrayList<>();
    Set<String> upns = new LinkedHashSet<>();
    Set<String> anchors = new LinkedHashSet<>();
    for (LinkPlan link : plan.links()) {
      if (link.actions().isEmpty()) {
        continue;
      }
      upns.add(link.upn());
      anchors.add(link.anchor().immutableId());
    }
    if (upns.isEmpty()) {
      return out;
    }
    snapshot = tenant.read(upns, anchors);
    for (CloudUser u : snapshot.usersByUpn().values()) {
      activeById.put(u.id(), Optional.of(u));
    }
    for (List<CloudUser> holders : snapshot.holdersByAnchor().values()) {
      for (CloudUser u : holders) {
        activeById.put(u.id(), Optional.of(u));
      }
    }
    for (CloudUser u : snapshot.deletedUsers()) {
      deletedById.put(u.id(), u);
    }
    for (RoleAssignment r : snapshot.roleAssignments()) {
      privileged.add(r.principalId());
    }
    if (snapshot.roleEligibilities() != null) {
      for (RoleAssignment r : snapshot.roleEligibilities()) {
        privileged.add(r.principalId());
      }
    }
    for (LinkPlan link : plan.links()) {
      Set<String> deleting = new HashSet<>();
      Set<String> purging = new HashSet<>();
      for (Action a : link.actions()) {
        if (a instanceof DeleteUser d) {
          deleting.add(d.objectId());
        } else if (a instanceof PurgeDeletedUser p) {
          purging.add(p.objectId());
        }
      }
      for (Action a : link.actions()) {
        if (a instanceof DeleteUser d) {
          checkDelete(link, d, out);
        } else if (a instanceof PurgeDeletedUser p) {
          checkPurge(link, p, deleting.contains(p.objectId()), out);
        } else if (a instanceof SetImmutableId s) {
          checkSetImmutableId(link, s, deleting, purging, out);
        }
      }
    }
    return out;
  }

  private void checkDelete(LinkPlan link, DeleteUser d, List<Refusal> out) {
    Optional<CloudUser> now = active(d.objectId());
    if (now.isEmpty()) {
      return; // end state reached: no longer an active user
    }
    List<Facts.Difference> diffs = Facts.differences(d.expect(), now.get());
    if (!diffs.isEmpty()) {
      out.add(stale(link, "deleteUser", d.objectId(), d.userPrincipalName(), diffs));
    }
    if (privileged.contains(d.objectId())) {
      out.add(
          Refusal.of(
              Refusal.Code.STALE_PLAN,
              subject(link, "deleteUser", d.objectId(), d.userPrincipalName()),
              "the duplicate now has a directory role; it must not be deleted",
              "no role",
              "a role assignment or eligibility"));
    }
  }

  private void checkPurge(
      LinkPlan link, PurgeDeletedUser p, boolean deletedFirst, List<Refusal> out) {
    CloudUser inBin = deletedById.get(p.objectId());
    if (inBin != null) {
      // Only the anchor matters for a recycle-bin object (Graph rewrites a deleted user's UPN).
      String expected = p.expect() == null ? null : p.expect().onPremisesImmutableId();
      if (expected != null && !expected.equals(inBin.onPremisesImmutableId())) {
        out.add(
            Refusal.of(
                Refusal.Code.STALE_PLAN,
                subject(link, "purgeDeletedUser", p.objectId(), p.userPrincipalName()),
                "the recycle-bin object changed since planning",
                "onPremisesImmutableId=" + expected,
                "onPremisesImmutableId=" + inBin.onPremisesImmutableId()));
      }
      return;
    }
    Optional<CloudUser> active = active(p.objectId());
    if (active.isPresent() && !deletedFirst) {
      out.add(
          Refusal.of(
              Refusal.Code.STALE_PLAN,
              subject(link, "purgeDeletedUser", p.objectId(), p.userPrincipalName()),
              "the object is no longer in the recycle bin but active again (restored?)",
              "in the recycle bin",
              "active user " + Facts.describe(active.get())));
    }
    // Neither active nor in the recycle bin: purged already, the end state.
  }

  private void checkSetImmutableId(
      LinkPlan link,
      SetImmutableId s,
      Set<String> deleting,
      Set<String> purging,
      List<Refusal> out) {
    String subject = subject(link, "setImmutableId", s.objectId(), s.userPrincipalName());
    Optional<CloudUser> now = active(s.objectId());
    if (now.isEmpty()) {
      CloudUser deleted = deletedById.get(s.objectId());
      out.add(
          Refusal.of(
              Refusal.Code.STALE_PLAN,
              subject,
              "the target account is gone",
              "active user " + s.userPrincipalName(),
              deleted != null
                  ? "in the recycle bin since " + deleted.deletedDateTime()
                  : "not found"));
      return;
    }
    CloudUser target = now.get();
    if (!s.to().equals(target.onPremisesImmutableId())) {
      List<Facts.Difference> diffs = Facts.differences(s.expect(), target);
      if (s.expect() == null
          && !java.util.Objects.equals(s.from(), target.onPremisesImmutableId())) {
        diffs.add(
            new Facts.Difference(
                "onPremisesImmutableId", s.from(), target.onPremisesImmutableId()));
      }
      if (!diffs.isEmpty()) {
        out.add(stale(link, "setImmutableId", s.objectId(), s.userPrincipalName(), diffs));
      }
      if (privileged.contains(s.objectId())) {
        out.add(
            Refusal.of(
                Refusal.Code.STALE_PLAN,
                subject,
                "the target now has a directory role; Entra refuses to hard-match it",
                "no role",
                "a role assignment or eligibility"));
      }
    }
    // Anyone else holding the anchor, active or in the recycle bin, that the plan does not remove
    // would make setImmutableId fail after the deletes: refuse before the first write instead.
    for (CloudUser h : snapshot.holders(s.to())) {
      if (!h.id().equals(s.objectId()) && !deleting.contains(h.id())) {
        out.add(newHolder(link, s, h, "active user"));
      }
    }
    for (CloudUser h : snapshot.deletedUsers()) {
      if (s.to().equals(h.onPremisesImmutableId())
          && !purging.contains(h.id())
          && !h.id().equals(s.objectId())) {
        out.add(newHolder(link, s, h, "recycle-bin user"));
      }
    }
  }

  private Refusal newHolder(LinkPlan link, SetImmutableId s, CloudUser holder, String kind) {
    return Refusal.of(
        Refusal.Code.STALE_PLAN,
        "anchor " + s.to() + " of " + link.sam(),
        "a holder the plan does not remove appeared (a sync cycle since planning?)",
        "only holders the plan deletes or purges",
        kind + " " + Facts.describe(holder));
  }

  /**
   * The AD side: each link's AD user still exists once and still has the planned anchor, and a
   * planned UPN change still starts from the planned value (or is done).
   */
  public static List<Refusal> checkDirectory(Plan plan, LinksFile links, Directory directory) {
    List<Refusal> out = new ArrayList<>();
    List<String> sams = new ArrayList<>();
    for (LinkPlan link : plan.links()) {
      if (!link.actions().isEmpty()) {
        sams.add(link.sam());
      }
    }
    if (sams.isEmpty()) {
      return out;
    }
    DirectorySnapshot ad = directory.read(sams);
    for (LinkPlan link : plan.links()) {
      if (link.actions().isEmpty()) {
        continue;
      }
      List<AdUser> found = ad.find(link.sam());
      String subject = "AD user " + link.sam();
      if (found.size() != 1) {
        out.add(
            Refusal.of(
                Refusal.Code.STALE_PLAN,
                subject,
                found.isEmpty() ? "not found any more" : "is no longer unique",
                "one user",
                found.size() + " users"));
        continue;
      }
      AdUser user = found.get(0);
      String anchor = Facts.anchorOf(user, links.directory().sourceAnchor());
      if (!link.anchor().immutableId().equals(anchor)) {
        out.add(
            Refusal.of(
                Refusal.Code.STALE_PLAN,
                subject,
                "the source anchor changed (user re-created?)",
                link.anchor().immutableId(),
                anchor));
      }
      for (Action a : link.actions()) {
        if (a instanceof SetAdUpn u) {
          if (!u.dn().equalsIgnoreCase(user.dn())) {
            out.add(
                Refusal.of(Refusal.Code.STALE_PLAN, subject, "the user moved", u.dn(), user.dn()));
          } else if (!u.to().equals(user.userPrincipalName())
              && !(u.from() == null
                  ? user.userPrincipalName() == null
                  : u.from().equalsIgnoreCase(user.userPrincipalName()))) {
            out.add(
                Refusal.of(
                    Refusal.Code.STALE_PLAN,
                    subject,
                    "userPrincipalName changed since planning",
                    u.from(),
                    user.userPrincipalName()));
          }
        }
      }
    }
    return out;
  }

  private Optional<CloudUser> active(String id) {
    Optional<CloudUser> known = activeById.get(id);
    if (known != null) {
      return known;
    }
    // In the recycle bin means not active; purged (by an earlier run) means gone for good: no
    // need to ask Graph about either one by one.
    Optional<CloudUser> now =
        deletedById.containsKey(id) || purgedBefore.contains(id)
            ? Optional.empty()
            : tenant.user(id);
    activeById.put(id, now);
    if (now.isEmpty() && !deletedById.containsKey(id)) {
      gone.add(id);
    }
    return now;
  }

  private static Refusal stale(
      LinkPlan link, String type, String id, String upn, List<Facts.Difference> diffs) {
    return Refusal.of(
        Refusal.Code.STALE_PLAN,
        subject(link, type, id, upn),
        "changed since planning",
        Facts.expected(diffs),
        Facts.observed(diffs));
  }

  private static String subject(LinkPlan link, String type, String id, String upn) {
    return type + " " + (upn == null ? id : upn + " (" + id + ")") + " for " + link.sam();
  }
}
