package dev.hardmatch.apply;

import dev.hardmatch.directory.AdUser;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.directory.DirectorySnapshot;
import dev.hardmatch.plan.Action;
import dev.hardmatch.plan.LinkPlan;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.SetAdUpn;
import dev.hardmatch.spec.LinksFile;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The STALE_PLAN gate, AD side (docs/apply.md): each link's AD user still exists once and still has
 * the planned anchor, and a planned UPN change still starts from the planned value or is done
 * ({@link SetAdUpn#alreadyDone}, the rule the executor applies too).
 */
final class StaleDirectoryGate {
  private static final Logger LOG = LoggerFactory.getLogger(StaleDirectoryGate.class);

  private StaleDirectoryGate() {}

  static List<Refusal> check(Plan plan, LinksFile links, Directory directory) {
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
    return check(plan, links, directory.read(sams));
  }

  /** As above over AD users already read (every link of the plan that has actions among them). */
  static List<Refusal> check(Plan plan, LinksFile links, DirectorySnapshot ad) {
    List<Refusal> out = new ArrayList<>();
    for (LinkPlan link : plan.links()) {
      if (link.actions().isEmpty()) {
        continue;
      }
      int before = out.size();
      checkLink(link, ad.find(link.sam()), links.directory().sourceAnchor(), out);
      LOG.debug(
          "gate {}: {} for AD user {}",
          StalePlanGate.NAME,
          out.size() > before ? "refused" : "passed",
          link.sam());
    }
    return out;
  }

  static void checkLink(
      LinkPlan link, List<AdUser> found, LinksFile.SourceAnchor rule, List<Refusal> out) {
    String subject = "AD user " + link.sam();
    if (found.size() != 1) {
      out.add(
          Refusal.of(
              Refusal.Code.STALE_PLAN,
              subject,
              found.isEmpty() ? "not found any more" : "is no longer unique",
              "one user",
              found.size() + " users"));
      return;
    }
    AdUser user = found.get(0);
    String anchor = Facts.anchorOf(user, rule);
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
        } else if (!u.alreadyDone(user)
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
}
