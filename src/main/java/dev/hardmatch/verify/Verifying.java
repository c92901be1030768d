package dev.hardmatch.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.hardmatch.directory.AdUser;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.directory.DirectorySnapshot;
import dev.hardmatch.plan.AnchorChoice;
import dev.hardmatch.plan.TenantView;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.CloudUser;
import dev.hardmatch.tenant.Tenant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The verify use case ({@code hardmatch verify}): whether every link of a links file is in effect.
 * Reads AD and the tenant in bulk (one {@link Directory#read} and one {@link Tenant#read}), indexes
 * the tenant in the same {@link TenantView} the planner and apply use, and judges each link: {@code
 * linked} (the target holds the AD anchor, sync has taken it over, nobody else holds it), {@code
 * pending-sync} (anchor set, the next sync completes it), {@code not-applied} (no anchor set yet
 * and nothing in the way that apply would not remove: the link's plan has not been applied) or
 * {@code broken} (with why: the target is missing or deleted, holds another anchor, the anchor is
 * held by a cloud-only user, or Entra would refuse the match because the target holds a directory
 * role).
 */
public final class Verifying {

  private Verifying() {}

  /** A link's state, with its name in the report. */
  public enum State {
    LINKED("linked"),
    PENDING_SYNC("pending-sync"),
    NOT_APPLIED("not-applied"),
    BROKEN("broken");

    private final String text;

    State(String text) {
      this.text = text;
    }

    /** The name in the JSON report and the table. */
    @JsonValue
    public String text() {
      return text;
    }
  }

  /** One link's state; {@code reason} is null for a linked one. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @JsonPropertyOrder({"sam", "upn", "state", "reason"})
  public record LinkState(String sam, String upn, State state, String reason) {}

  /** Counts by state. */
  @JsonPropertyOrder({"total", "linked", "pendingSync", "notApplied", "broken"})
  public record Summary(int total, int linked, int pendingSync, int notApplied, int broken) {}

  /** Every link's state, in file order. */
  @JsonPropertyOrder({"links", "summary"})
  public record Report(List<LinkState> links, Summary summary) {
    /**
     * 0 when all are linked, 1 when any is broken, else 2: some are pending-sync or not-applied
     * (nothing wrong, not done yet).
     */
    public int exitCode() {
      if (summary.broken() > 0) {
        return 1;
      }
      return summary.pendingSync() + summary.notApplied() > 0 ? 2 : 0;
    }

    /** Whether every link is linked. */
    public boolean allLinked() {
      return summary.linked() == summary.total();
    }
  }

  public static Report verify(LinksFile links, Directory directory, Tenant tenant) {
    List<String> sams = new ArrayList<>();
    for (LinksFile.Link l : links.links()) {
      sams.add(l.sam());
    }
    DirectorySnapshot ad = directory.read(sams);
    Set<String> upns = new LinkedHashSet<>();
    Set<String> anchors = new LinkedHashSet<>();
    List<String> anchorByLink = new ArrayList<>();
    for (LinksFile.Link l : links.links()) {
      upns.add(l.upn());
      List<AdUser> found = ad.find(l.sam());
      // A null sourceAnchor means auto, which AnchorChoice applies.
      String anchor =
          found.size() == 1
              ? AnchorChoice.of(found.get(0), links.directory().sourceAnchor()).immutableId()
              : null;
      anchorByLink.add(anchor);
      if (anchor != null) {
        anchors.add(anchor);
      }
    }
    TenantView cloud = TenantView.of(tenant.read(upns, anchors));
    List<LinkState> states = new ArrayList<>();
    int linked = 0;
    int pending = 0;
    int notApplied = 0;
    int broken = 0;
    for (int i = 0; i < links.links().size(); i++) {
      LinksFile.Link l = links.links().get(i);
      LinkState s = judge(l, ad.find(l.sam()), anchorByLink.get(i), cloud);
      states.add(s);
      switch (s.state()) {
        case LINKED -> linked++;
        case PENDING_SYNC -> pending++;
        case NOT_APPLIED -> notApplied++;
        default -> broken++;
      }
    }
    return new Report(states, new Summary(states.size(), linked, pending, notApplied, broken));
  }

  private static LinkState judge(
      LinksFile.Link l, List<AdUser> adUsers, String anchor, TenantView cloud) {
    if (adUsers.isEmpty()) {
      return broken(l, "AD user " + l.sam() + " not found");
    }
    if (adUsers.size() > 1) {
      return broken(l, adUsers.size() + " AD users have sAMAccountName " + l.sam());
    }
    AdUser user = adUsers.get(0);
    if (anchor == null) {
      return broken(l, "AD user " + l.sam() + " has no source anchor attribute");
    }
    CloudUser target = cloud.byUpn(l.upn());
    List<CloudUser> holders = cloud.holders(anchor);
    if (target == null) {
      CloudUser deleted = cloud.deletedByUpn(l.upn());
      String why =
          deleted != null
              ? "cloud account " + l.upn() + " was deleted (it is in the recycle bin)"
              : "cloud account " + l.upn() + " not found";
      if (!holders.isEmpty()) {
        why += "; the anchor is held by " + describe(holders);
      }
      return broken(l, why);
    }
    if (!target.synced() && cloud.privileged(target.id())) {
      return broken(
          l,
          "match blocked: "
              + l.upn()
              + " holds a directory role, and Entra never hard-matches an administrator");
    }
    if (target.onPremisesImmutableId() == null) {
      List<CloudUser> others = others(holders, target);
      List<CloudUser> cloudOnly = new ArrayList<>();
      for (CloudUser o : others) {
        if (!o.synced()) {
          cloudOnly.add(o);
        }
      }
      if (!cloudOnly.isEmpty()) {
        return broken(
            l, "no anchor on " + l.upn() + "; a cloud-only user holds it: " + describe(cloudOnly));
      }
      String why = "no anchor on " + l.upn() + " yet; apply the plan";
      if (!others.isEmpty()) {
        why +=
            " (it deletes the sync-created duplicate holding the anchor: " + describe(others) + ")";
      }
      return new LinkState(l.sam(), l.upn(), State.NOT_APPLIED, why);
    }
    if (!anchor.equals(target.onPremisesImmutableId())) {
      return broken(
          l,
          "other anchor: "
              + l.upn()
              + " holds "
              + target.onPremisesImmutableId()
              + ", AD user "
              + l.sam()
              + " has "
              + anchor);
    }
    List<CloudUser> others = others(holders, target);
    if (!others.isEmpty()) {
      return broken(l, "other holder of the anchor: " + describe(others));
    }
    List<CloudUser> deletedHolders = new ArrayList<>();
    for (CloudUser d : cloud.deletedHolders(anchor)) {
      if (!d.id().equals(target.id())) {
        deletedHolders.add(d);
      }
    }
    if (!deletedHolders.isEmpty()) {
      return broken(l, "the recycle bin still holds the anchor: " + describe(deletedHolders));
    }
    if (l.adUpn() != LinksFile.AdUpnMode.KEEP
        && user.userPrincipalName() != null
        && !user.userPrincipalName().equalsIgnoreCase(target.userPrincipalName())) {
      return broken(
          l,
          "AD userPrincipalName "
              + user.userPrincipalName()
              + " differs from "
              + target.userPrincipalName()
              + " (sync would rename the cloud account)");
    }
    if (!target.synced()) {
      return new LinkState(
          l.sam(),
          l.upn(),
          State.PENDING_SYNC,
          "anchor set; the next Entra Connect sync takes the account over");
    }
    return new LinkState(l.sam(), l.upn(), State.LINKED, null);
  }

  private static List<CloudUser> others(List<CloudUser> holders, CloudUser target) {
    List<CloudUser> out = new ArrayList<>();
    for (CloudUser h : holders) {
      if (!h.id().equals(target.id())) {
        out.add(h);
      }
    }
    return out;
  }

  private static String describe(List<CloudUser> users) {
    List<String> parts = new ArrayList<>();
    for (CloudUser u : users) {
      parts.add(u.userPrincipalName() + " (" + u.id() + ")");
    }
    return String.join(", ", parts);
  }

  private static LinkState broken(LinksFile.Link l, String why) {
    return new LinkState(l.sam(), l.upn(), State.BROKEN, why);
  }
}
