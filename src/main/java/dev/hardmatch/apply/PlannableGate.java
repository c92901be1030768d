package dev.hardmatch.apply;

import dev.hardmatch.directory.AdUser;
import dev.hardmatch.directory.DirectorySnapshot;
import dev.hardmatch.plan.Action;
import dev.hardmatch.plan.DeleteUser;
import dev.hardmatch.plan.LinkPlan;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.Planner;
import dev.hardmatch.plan.Problem;
import dev.hardmatch.plan.PurgeDeletedUser;
import dev.hardmatch.plan.SetAdUpn;
import dev.hardmatch.plan.SetImmutableId;
import dev.hardmatch.plan.TenantView;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.TenantSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code UNPLANNABLE}: apply re-derives, it does not trust the plan body (whose digest anyone can
 * recompute). Offline, {@link #checkShape}: every link of the plan is in the committed links file,
 * an {@code unchanged} link has no actions and the summary counts the actions. Live, {@link
 * #checkRules}: the planner, run over the committed links file and the state read now, must produce
 * every action not yet done — so a delete of anything but the anchor's holder, of a licensed,
 * protected or cloud-only account, or anything the policy forbids is refused per action.
 */
final class PlannableGate {
  private PlannableGate() {}

  /** The checks that need no network. */
  static List<Refusal> checkShape(Plan plan, LinksFile links) {
    List<Refusal> out = new ArrayList<>();
    Map<String, Integer> positions = positions(links);
    Plan.Summary counted = Plan.Summary.of(plan.links());
    if (!counted.equals(plan.summary())) {
      out.add(
          Refusal.of(
              Refusal.Code.UNPLANNABLE,
              "plan summary",
              "disagrees with the plan's actions",
              describe(counted),
              describe(plan.summary())));
    }
    for (LinkPlan link : plan.links()) {
      String subject = "link " + link.sam() + " → " + link.upn();
      if (link.status() == LinkPlan.UNCHANGED && !link.actions().isEmpty()) {
        out.add(
            Refusal.of(
                Refusal.Code.UNPLANNABLE,
                subject,
                "is 'unchanged' but lists " + link.actions().size() + " actions",
                "no actions",
                link.actions().size() + " actions"));
      }
      if (indexIn(positions, link) < 0) {
        out.add(
            Refusal.of(
                Refusal.Code.UNPLANNABLE,
                subject,
                "is not a link of the committed links file " + plan.source().path()));
      }
    }
    return out;
  }

  /**
   * Every action not yet done must be one the planner produces now.
   *
   * @param ad the AD users of every link of the links file, read now
   * @param cloud the tenant read now: the links' UPNs and their AD anchors
   * @param done the view the stale-plan gate judges by, to tell finished steps (a resumed run)
   */
  static List<Refusal> checkRules(
      Plan plan, LinksFile links, DirectorySnapshot ad, TenantSnapshot cloud, TenantView done) {
    List<Problem> problems = new ArrayList<>();
    List<LinkPlan> derived = Planner.rederive(links, ad, cloud, problems);
    List<Refusal> out = new ArrayList<>();
    Map<String, Integer> positions = positions(links);
    for (LinkPlan link : plan.links()) {
      int i = indexIn(positions, link);
      if (i < 0) {
        continue; // refused by checkShape
      }
      LinkPlan now = derived.get(i);
      Set<String> allowed = new LinkedHashSet<>();
      if (now != null) {
        for (Action a : now.actions()) {
          allowed.add(key(a));
        }
      }
      for (Action a : link.actions()) {
        if (alreadyDone(a, link, ad, done) || allowed.contains(key(a))) {
          continue;
        }
        out.add(
            Refusal.of(
                Refusal.Code.UNPLANNABLE,
                "link " + link.sam() + " → " + link.upn() + ", " + key(a),
                "the planning rules would not produce this action now",
                now == null
                    ? "no action (" + why(problems, link) + ")"
                    : String.join(", ", allowed),
                key(a)));
      }
    }
    return out;
  }

  private static boolean alreadyDone(
      Action a, LinkPlan link, DirectorySnapshot ad, TenantView done) {
    if (a instanceof DeleteUser d) {
      return d.alreadyDone(done);
    }
    if (a instanceof PurgeDeletedUser p) {
      return p.alreadyDone(done);
    }
    if (a instanceof SetImmutableId s) {
      return s.alreadyDone(done);
    }
    List<AdUser> users = ad.find(link.sam());
    return users.size() == 1 && ((SetAdUpn) a).alreadyDone(users.get(0));
  }

  /** What identifies an action: its kind, the object it changes and the value it writes. */
  static String key(Action a) {
    if (a instanceof DeleteUser d) {
      return "deleteUser " + d.objectId();
    }
    if (a instanceof PurgeDeletedUser p) {
      return "purgeDeletedUser " + p.objectId();
    }
    if (a instanceof SetImmutableId s) {
      return "setImmutableId " + s.objectId() + " = " + s.to();
    }
    SetAdUpn u = (SetAdUpn) a;
    return "setAdUpn " + u.dn().toLowerCase(Locale.ROOT) + " = " + u.to();
  }

  private static String why(List<Problem> problems, LinkPlan link) {
    List<String> codes = new ArrayList<>();
    for (Problem p : problems) {
      if (p.sam() == null || p.sam().equalsIgnoreCase(link.sam())) {
        codes.add(p.code().name());
      }
    }
    return codes.isEmpty() ? "the link cannot be planned" : String.join(", ", codes);
  }

  /** Each link's position in the links file, by sam and UPN without case (the first wins). */
  private static Map<String, Integer> positions(LinksFile links) {
    Map<String, Integer> out = new HashMap<>();
    for (int i = 0; i < links.links().size(); i++) {
      LinksFile.Link l = links.links().get(i);
      out.putIfAbsent(pair(l.sam(), l.upn()), i);
    }
    return out;
  }

  private static int indexIn(Map<String, Integer> positions, LinkPlan link) {
    return positions.getOrDefault(pair(link.sam(), link.upn()), -1);
  }

  private static String pair(String sam, String upn) {
    return sam.toLowerCase(Locale.ROOT) + "\n" + upn.toLowerCase(Locale.ROOT);
  }

  private static String describe(Plan.Summary s) {
    return s.deleteUser()
        + " deleteUser, "
        + s.purgeDeletedUser()
        + " purgeDeletedUser, "
        + s.setImmutableId()
        + " setImmutableId, "
        + s.setAdUpn()
        + " setAdUpn, "
        + s.unchanged()
        + " unchanged";
  }
}
