package dev.hardmatch.discover;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Proposes, for every AD user in scope, the one cloud account that person already has and the
 * sync-created duplicate if there is one. Pure: records in, {@link Discovery} out.
 *
 * <p>The rules (README, "discover"):
 *
 * <ul>
 *   <li>a cloud user holding the AD user's anchor (onPremisesImmutableId) or objectSid
 *       (onPremisesSecurityIdentifier) is the duplicate sync created, unless nothing else matches
 *       the person as well: then it is the person's account, already linked;
 *   <li>candidates are active cloud-only accounts (never synced, no anchor, not a guest) sharing
 *       the UPN, mail or an SMTP proxy address (against UPN, mail, proxyAddresses and otherMails),
 *       the employeeId, given name and surname, display name, or the sAMAccountName as UPN local
 *       part;
 *   <li>exact identifiers outweigh names: a candidate matched only by name is dropped when the same
 *       AD user has one matched by identifiers, or when another AD user matches it by identifiers;
 *   <li>high: exact identifiers and nothing competes; medium: a unique name match (or exact
 *       identifiers while the names disagree); low: everything else, including every ambiguity.
 * </ul>
 */
public final class Matcher {
  /** A link the links file already has: its AD user and its target are not proposed again. */
  public record Existing(String sam, String upn) {}

  private final Map<String, String> linkedUpnToSam = new HashMap<>();
  private final Set<String> linkedSams = new HashSet<>();
  private final Map<CloudAccount, List<Person>> survivingClaims = new IdentityHashMap<>();

  private Matcher(List<Existing> existing) {
    for (Existing e : existing) {
      linkedSams.add(e.sam().toLowerCase(Locale.ROOT));
      linkedUpnToSam.put(e.upn().toLowerCase(Locale.ROOT), e.sam());
    }
  }

  /**
   * Matches every AD user in scope (enabled ones unless {@code includeDisabled}) against the cloud
   * accounts (active and deleted ones; deleted ones only count as duplicates).
   */
  public static Discovery match(
      List<AdPerson> ad,
      List<CloudAccount> cloud,
      List<Existing> existing,
      boolean includeDisabled) {
    return new Matcher(existing).run(ad, cloud, includeDisabled);
  }

  private Discovery run(List<AdPerson> ad, List<CloudAccount> cloud, boolean includeDisabled) {
    CloudIndex index = new CloudIndex(cloud);
    List<Person> people = new ArrayList<>();
    int kept = 0;
    int disabled = 0;
    for (AdPerson a : ad) {
      if (linkedSams.contains(a.sam().toLowerCase(Locale.ROOT))) {
        kept++;
      } else if (!a.enabled() && !includeDisabled) {
        disabled++;
      } else {
        people.add(candidates(new Person(a, index, this::isCandidate)));
      }
    }
    // Exact identifiers outweigh names on both sides: a pair survives only when it is among the
    // strongest matches of its AD user and of its cloud account.
    Map<CloudAccount, Evidence.Tier> strongestClaim = new IdentityHashMap<>();
    for (Person p : people) {
      p.candidates.forEach(
          (c, t) -> strongestClaim.merge(c, t, (x, y) -> x.compareTo(y) >= 0 ? x : y));
    }
    for (Person p : people) {
      Evidence.Tier best = p.bestCandidateTier();
      List<CloudAccount> surviving = new ArrayList<>();
      p.candidates.forEach(
          (c, t) -> {
            if (t == best && t == strongestClaim.get(c)) {
              surviving.add(c);
            }
          });
      surviving.sort(Comparator.comparing(c -> c.upn().toLowerCase(Locale.ROOT)));
      p.surviving = surviving;
      for (CloudAccount c : surviving) {
        survivingClaims.computeIfAbsent(c, k -> new ArrayList<>()).add(p);
      }
    }
    Decisions d = new Decisions(linkedUpnToSam, survivingClaims);
    for (Person p : people) {
      d.decide(p);
    }
    return d.result(cloud, kept, disabled);
  }

  /** An account someone could be linked to: cloud-only and not a target in the links file. */
  private boolean isCandidate(CloudAccount c) {
    return c.cloudOnly() && !linkedUpnToSam.containsKey(c.upn().toLowerCase(Locale.ROOT));
  }

  /** Sorts the person's matches into candidates; decides whether a holder is its account. */
  private Person candidates(Person p) {
    for (CloudAccount c : p.matches.keySet()) {
      if (isCandidate(c)) {
        p.candidates.put(c, p.tier(c));
      }
    }
    for (CloudAccount h : p.holders) {
      if (h.deleted() || linkedUpnToSam.containsKey(h.upn().toLowerCase(Locale.ROOT))) {
        continue;
      }
      // Anchored by hand and not synced yet (a link made, pending sync): it is the account.
      // Synced: it is the account when it matches the person by identifiers (sync gave it the AD
      // UPN and mail) and no cloud-only account matches as well; otherwise it is the duplicate.
      Evidence.Tier tier = p.tier(h);
      if (!h.synced()
          || (tier == Evidence.Tier.EXACT && tier.compareTo(p.bestCandidateTier()) > 0)) {
        p.account = h;
        p.candidates.clear();
        return p;
      }
    }
    return p;
  }
}
