package dev.hardmatch.discover;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Turns each matched AD user into a proposal, an ambiguity or an unmatched entry. */
final class Decisions {
  private final Map<String, String> linkedUpnToSam;
  private final Map<CloudAccount, List<Person>> survivingClaims;
  private final List<Proposal> proposals = new ArrayList<>();
  private final Map<String, Ambiguity> ambiguous = new TreeMap<>();
  private final List<Unmatched> unmatched = new ArrayList<>();
  private final List<String> syncWillDuplicate = new ArrayList<>();
  private final Set<CloudAccount> proposed = Collections.newSetFromMap(new IdentityHashMap<>());

  Decisions(Map<String, String> linkedUpnToSam, Map<CloudAccount, List<Person>> survivingClaims) {
    this.linkedUpnToSam = linkedUpnToSam;
    this.survivingClaims = survivingClaims;
  }

  void decide(Person p) {
    if (p.account != null) {
      linked(p);
    } else if (p.surviving.isEmpty()) {
      unmatched.add(whyUnmatched(p));
    } else if (p.surviving.size() > 1) {
      List<CloudAccount> ranked = new ArrayList<>(p.surviving);
      ranked.sort(Comparator.comparingInt((CloudAccount c) -> -score(p, c)));
      List<String> upns = ranked.stream().map(CloudAccount::upn).toList();
      String reason =
          upns.size() + " cloud accounts match it equally well; pick the right one or none";
      ambiguous.put(
          "sam:" + p.ad.sam().toLowerCase(Locale.ROOT),
          Ambiguity.ofAdUser(p.ad.sam(), upns, reason));
      propose(p, ranked.get(0), upns.subList(1, upns.size()), reason);
    } else {
      CloudAccount c = p.surviving.get(0);
      List<Person> claimants = survivingClaims.get(c);
      if (claimants.size() > 1) {
        List<String> sams =
            claimants.stream().map(x -> x.ad.sam()).sorted(String.CASE_INSENSITIVE_ORDER).toList();
        String reason =
            sams.size() + " AD users match this cloud account equally well; at most one owns it";
        ambiguous.put(
            "upn:" + c.upn().toLowerCase(Locale.ROOT),
            Ambiguity.ofCloudAccount(c.upn(), sams, reason));
        propose(p, c, List.of(), reason);
      } else {
        propose(p, c, List.of(), null);
      }
    }
  }

  /** The person's account already holds its anchor: the link exists (synced or pending sync). */
  private void linked(Person p) {
    CloudAccount h = p.account;
    List<Evidence> evidence = new ArrayList<>();
    evidence.add(
        new Evidence(
            Evidence.Kind.LINKED,
            h.upn()
                + " holds this user's "
                + CloudIndex.heldBy(p.ad, h)
                + (h.synced() ? " and is synced from it" : " (set, sync pending)")));
    evidence.addAll(p.matches.getOrDefault(h, Map.of()).values());
    Confidence confidence = p.tier(h) == Evidence.Tier.EXACT ? Confidence.HIGH : Confidence.MEDIUM;
    proposed.add(h);
    proposals.add(
        new Proposal(
            p.ad.sam(), p.ad.upn(), h.upn(), h.id(), confidence, evidence, List.of(), null));
  }

  private void propose(Person p, CloudAccount c, List<String> alternatives, String ambiguity) {
    Map<Evidence.Kind, Evidence> found = p.matches.get(c);
    List<Evidence> evidence = new ArrayList<>(found.values());
    Evidence.Tier tier = p.tier(c);
    Confidence confidence = tier == Evidence.Tier.EXACT ? Confidence.HIGH : Confidence.MEDIUM;
    if (ambiguity != null) {
      evidence.add(doubt("ambiguous: " + ambiguity));
      confidence = Confidence.LOW;
    }
    if (tier == Evidence.Tier.NAME
        && !found.containsKey(Evidence.Kind.NAME)
        && !found.containsKey(Evidence.Kind.DISPLAY_NAME)) {
      evidence.add(doubt("only the sAMAccountName equals the UPN's local part"));
      confidence = Confidence.LOW;
    }
    String adName = Keys.name(p.ad.givenName(), p.ad.surname());
    String cloudName = Keys.name(c.givenName(), c.surname());
    if (adName != null
        && cloudName != null
        && !adName.equals(cloudName)
        && !found.containsKey(Evidence.Kind.DISPLAY_NAME)) {
      evidence.add(
          doubt(
              "the names differ: AD '"
                  + p.ad.givenName()
                  + " "
                  + p.ad.surname()
                  + "', cloud '"
                  + c.givenName()
                  + " "
                  + c.surname()
                  + "'"));
      confidence = confidence == Confidence.HIGH ? Confidence.MEDIUM : Confidence.LOW;
    }
    String adEmployee = Keys.lower(p.ad.employeeId());
    String cloudEmployee = Keys.lower(c.employeeId());
    if (adEmployee != null && cloudEmployee != null && !adEmployee.equals(cloudEmployee)) {
      evidence.add(
          doubt("employeeId differs: AD " + p.ad.employeeId() + ", cloud " + c.employeeId()));
      confidence = Confidence.LOW;
    }
    if (c.privileged()) {
      evidence.add(
          doubt(
              "holds a directory role: Entra refuses to match it and plan reports"
                  + " TARGET_PRIVILEGED until the role is removed"));
      confidence = Confidence.LOW;
    }
    CloudAccount holder = p.duplicate();
    Proposal.Duplicate duplicate = null;
    if (holder != null) {
      duplicate = new Proposal.Duplicate(holder.id(), holder.upn(), holder.deleted());
      evidence.add(
          new Evidence(
              Evidence.Kind.DUPLICATE,
              holder.upn()
                  + (holder.deleted() ? " (in the recycle bin)" : "")
                  + " holds this user's "
                  + CloudIndex.heldBy(p.ad, holder)));
    } else {
      CloudAccount soft = softMatch(p);
      if (soft == null) {
        syncWillDuplicate.add(p.ad.sam());
      } else if (soft != c) {
        evidence.add(doubt("sync's soft match would take over " + soft.upn() + " instead"));
        confidence = Confidence.LOW;
      }
    }
    proposed.add(c);
    proposals.add(
        new Proposal(
            p.ad.sam(),
            p.ad.upn(),
            c.upn(),
            c.id(),
            confidence,
            evidence,
            alternatives,
            duplicate));
  }

  private static CloudAccount softMatch(Person p) {
    for (CloudAccount c : p.matches.keySet()) {
      if (CloudIndex.softMatches(p.ad, c)) {
        return c;
      }
    }
    return null;
  }

  private static Evidence doubt(String text) {
    return new Evidence(Evidence.Kind.DOUBT, text);
  }

  /**
   * Exact identifiers count ten times as much as names, the UPN a little more (sync's soft match
   * would take that one); used only to order alternatives.
   */
  private static int score(Person p, CloudAccount c) {
    int score = p.matches.get(c).containsKey(Evidence.Kind.UPN) ? 1 : 0;
    for (Evidence.Kind k : p.matches.get(c).keySet()) {
      score += k.tier() == Evidence.Tier.EXACT ? 10 : 1;
    }
    return score;
  }

  private Unmatched whyUnmatched(Person p) {
    String sam = p.ad.sam();
    if (!p.candidates.isEmpty()) {
      // Every candidate lost to an AD user matching it by identifiers (see Matcher).
      CloudAccount c = p.candidates.keySet().iterator().next();
      return new Unmatched(
          sam,
          Unmatched.Reason.CLAIMED_BY_OTHER,
          c.upn() + " matches only by name; another AD user matches it by identifiers");
    }
    CloudAccount anchoredElsewhere = null;
    for (CloudAccount c : p.matches.keySet()) {
      if (p.tier(c) != Evidence.Tier.EXACT || p.holders.contains(c)) {
        continue;
      }
      String other = linkedUpnToSam.get(c.upn().toLowerCase(Locale.ROOT));
      if (other != null) {
        return new Unmatched(
            sam,
            Unmatched.Reason.LINKED_TO_OTHER,
            c.upn() + " is linked to " + other + " in the links file");
      }
      if (anchoredElsewhere == null) {
        anchoredElsewhere = c;
      }
    }
    if (anchoredElsewhere != null) {
      CloudAccount c = anchoredElsewhere;
      return new Unmatched(
          sam,
          Unmatched.Reason.ANCHORED_ELSEWHERE,
          c.upn()
              + (c.synced() ? " is synced from" : " is anchored to")
              + " another AD object (onPremisesImmutableId "
              + c.immutableId()
              + ")");
    }
    CloudAccount active = p.activeHolder();
    if (active != null) {
      return new Unmatched(
          sam,
          Unmatched.Reason.ONLY_DUPLICATE,
          "sync created "
              + active.upn()
              + " for it and no cloud-only account matches; find the real account by hand");
    }
    String detail = "no cloud account shares its UPN, mail, proxy addresses, employeeId or name";
    if (!p.holders.isEmpty()) {
      detail += "; only " + p.holders.get(0).upn() + " in the recycle bin holds its anchor";
    }
    return new Unmatched(sam, Unmatched.Reason.NO_CLOUD_ACCOUNT, detail);
  }

  Discovery result(List<CloudAccount> cloud, int kept, int disabled) {
    List<String> unmatchedCloud = new ArrayList<>();
    Set<String> alternatives = new java.util.HashSet<>();
    proposals.forEach(
        p -> p.alternatives().forEach(u -> alternatives.add(u.toLowerCase(Locale.ROOT))));
    for (CloudAccount c : cloud) {
      String upn = c.upn().toLowerCase(Locale.ROOT);
      if (c.cloudOnly()
          && !proposed.contains(c)
          && !alternatives.contains(upn)
          && !linkedUpnToSam.containsKey(upn)) {
        unmatchedCloud.add(c.upn());
      }
    }
    unmatchedCloud.sort(String.CASE_INSENSITIVE_ORDER);
    proposals.sort(Comparator.comparing(p -> p.sam().toLowerCase(Locale.ROOT)));
    unmatched.sort(Comparator.comparing(u -> u.sam().toLowerCase(Locale.ROOT)));
    syncWillDuplicate.sort(String.CASE_INSENSITIVE_ORDER);
    return new Discovery(
        proposals,
        new ArrayList<>(ambiguous.values()),
        unmatched,
        unmatchedCloud,
        syncWillDuplicate,
        kept,
        disabled);
  }
}
