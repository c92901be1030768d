package dev.hardmatch.apply;

import dev.hardmatch.plan.Action;
import dev.hardmatch.plan.DeleteUser;
import dev.hardmatch.plan.LinkPlan;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.ProbeAnchor;
import dev.hardmatch.plan.PurgeDeletedUser;
import dev.hardmatch.plan.SetImmutableId;
import dev.hardmatch.plan.TenantView;
import dev.hardmatch.tenant.CloudUser;
import dev.hardmatch.tenant.Tenant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The STALE_PLAN gate, tenant side (docs/apply.md): every action's {@code expect} still holds, or
 * its end state is already reached (a resumed apply) — decided by the action's own {@code
 * alreadyDone} rule, the one the executor applies too. Reads the tenant once through {@link
 * TenantReads}; the AD side is {@link StaleDirectoryGate}.
 */
public final class StalePlanGate {
  private static final Logger LOG = LoggerFactory.getLogger(StalePlanGate.class);
  static final String NAME = "stale-plan";

  private final Tenant tenant;
  private final Set<String> purgedBefore;
  private final Set<String> gone = new HashSet<>();

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
    List<LinkPlan> changing = new ArrayList<>();
    for (LinkPlan link : plan.links()) {
      if (!link.actions().isEmpty()) {
        changing.add(link);
      }
    }
    if (changing.isEmpty()) {
      return new ArrayList<>();
    }
    TenantView view = TenantReads.read(tenant, changing, purgedBefore);
    List<Refusal> out = check(plan, view);
    gone.addAll(view.gone());
    return out;
  }

  /** Judges every cloud step of {@code plan} against {@code view}. */
  static List<Refusal> check(Plan plan, TenantView view) {
    List<Refusal> out = new ArrayList<>();
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
        int before = out.size();
        if (a instanceof DeleteUser d) {
          checkDelete(view, link, d, out);
        } else if (a instanceof PurgeDeletedUser p) {
          checkPurge(view, link, p, deleting.contains(p.objectId()), out);
        } else if (a instanceof SetImmutableId s) {
          checkSetImmutableId(view, link, s, deleting, purging, out);
        } else {
          continue; // setAdUpn: the AD side
        }
        logVerdict(link, a, out.size() > before ? "refused" : "passed");
      }
    }
    return out;
  }

  private static void checkDelete(TenantView view, LinkPlan link, DeleteUser d, List<Refusal> out) {
    if (d.alreadyDone(view)) {
      return; // end state reached: no longer an active user
    }
    CloudUser now = view.active(d.objectId()).orElseThrow();
    List<Facts.Difference> diffs = Facts.differences(d.expect(), now);
    if (!diffs.isEmpty()) {
      out.add(stale(link, d.type(), d.objectId(), d.userPrincipalName(), diffs));
    }
    if (view.privileged(d.objectId())) {
      out.add(
          Refusal.of(
              Refusal.Code.STALE_PLAN,
              subject(link, d.type(), d.objectId(), d.userPrincipalName()),
              "the duplicate now has a directory role; it must not be deleted",
              "no role",
              "a role assignment or eligibility"));
    }
  }

  private static void checkPurge(
      TenantView view, LinkPlan link, PurgeDeletedUser p, boolean deletedFirst, List<Refusal> out) {
    if (p.alreadyDone(view)) {
      return; // neither active nor in the recycle bin: purged already, the end state
    }
    CloudUser inBin = view.deleted(p.objectId());
    if (inBin != null) {
      // Only the anchor matters for a recycle-bin object (Graph rewrites a deleted user's UPN).
      String expected = p.expect() == null ? null : p.expect().onPremisesImmutableId();
      if (expected != null && !expected.equals(inBin.onPremisesImmutableId())) {
        out.add(
            Refusal.of(
                Refusal.Code.STALE_PLAN,
                subject(link, p.type(), p.objectId(), p.userPrincipalName()),
                "the recycle-bin object changed since planning",
                "onPremisesImmutableId=" + expected,
                "onPremisesImmutableId=" + inBin.onPremisesImmutableId()));
      }
      return;
    }
    CloudUser active = view.active(p.objectId()).orElseThrow();
    if (!deletedFirst) {
      out.add(
          Refusal.of(
              Refusal.Code.STALE_PLAN,
              subject(link, p.type(), p.objectId(), p.userPrincipalName()),
              "the object is no longer in the recycle bin but active again (restored?)",
              "in the recycle bin",
              "active user " + Facts.describe(active)));
    }
  }

  private static void checkSetImmutableId(
      TenantView view,
      LinkPlan link,
      SetImmutableId s,
      Set<String> deleting,
      Set<String> purging,
      List<Refusal> out) {
    String subject = subject(link, s.type(), s.objectId(), s.userPrincipalName());
    Optional<CloudUser> now = view.active(s.objectId());
    if (now.isEmpty()) {
      CloudUser deleted = view.deleted(s.objectId());
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
    if (!s.alreadyDone(view)) {
      CloudUser target = now.get();
      List<Facts.Difference> diffs = Facts.differences(s.expect(), target);
      if (s.expect() == null
          && !ProbeAnchor.startsFrom(target.onPremisesImmutableId(), target.id(), s.from())) {
        diffs.add(
            new Facts.Difference(
                "onPremisesImmutableId", s.from(), target.onPremisesImmutableId()));
      }
      if (!diffs.isEmpty()) {
        out.add(stale(link, s.type(), s.objectId(), s.userPrincipalName(), diffs));
      }
      if (view.privileged(s.objectId())) {
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
    for (CloudUser h : view.holders(s.to())) {
      if (!h.id().equals(s.objectId()) && !deleting.contains(h.id())) {
        out.add(newHolder(link, s, h, "active user"));
      }
    }
    for (CloudUser h : view.deletedHolders(s.to())) {
      if (!purging.contains(h.id()) && !h.id().equals(s.objectId())) {
        out.add(newHolder(link, s, h, "recycle-bin user"));
      }
    }
  }

  private static Refusal newHolder(LinkPlan link, SetImmutableId s, CloudUser holder, String kind) {
    return Refusal.of(
        Refusal.Code.STALE_PLAN,
        "anchor " + s.to() + " of " + link.sam(),
        "a holder the plan does not remove appeared (a sync cycle since planning?)",
        "only holders the plan deletes or purges",
        kind + " " + Facts.describe(holder));
  }

  private static void logVerdict(LinkPlan link, Action a, String verdict) {
    LOG.debug("gate {}: {} for {} {}", NAME, verdict, link.sam(), StepJournal.describe(a));
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
