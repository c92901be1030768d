package dev.hardmatch.discover;

import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** One AD user being matched: what it matches, what holds its anchor, what survives. */
final class Person {
  final AdPerson ad;
  final Map<CloudAccount, Map<Evidence.Kind, Evidence>> matches;
  final List<CloudAccount> holders;
  final Map<CloudAccount, Evidence.Tier> candidates = new IdentityHashMap<>();
  CloudAccount account; // a holder that is the person's account (already linked)
  List<CloudAccount> surviving = List.of();

  Person(AdPerson ad, CloudIndex index, Predicate<CloudAccount> isCandidate) {
    this.ad = ad;
    this.matches = index.matches(ad, isCandidate);
    this.holders = index.holders(ad);
  }

  Evidence.Tier tier(CloudAccount c) {
    Evidence.Tier best = Evidence.Tier.NONE;
    for (Evidence.Kind k : matches.getOrDefault(c, Map.of()).keySet()) {
      if (k.tier().compareTo(best) > 0) {
        best = k.tier();
      }
    }
    return best;
  }

  Evidence.Tier bestCandidateTier() {
    return candidates.values().stream().max(Comparator.naturalOrder()).orElse(Evidence.Tier.NONE);
  }

  CloudAccount activeHolder() {
    return holders.stream().filter(h -> !h.deleted()).findFirst().orElse(null);
  }

  CloudAccount duplicate() {
    CloudAccount active = activeHolder();
    return active != null ? active : holders.stream().findFirst().orElse(null);
  }
}
