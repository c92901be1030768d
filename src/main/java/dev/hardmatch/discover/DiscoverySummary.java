package dev.hardmatch.discover;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What discover tells on stderr: counts, why users are left over, what sync will do next. */
public final class DiscoverySummary {
  /** Names listed per line before "and N more". */
  static final int SHOWN = 5;

  private DiscoverySummary() {}

  public static String render(
      Discovering.Result r, DiscoveryOutput.Format format, Confidence min, String in, String out) {
    Discovery d = r.discovery();
    StringBuilder sb = new StringBuilder();
    sb.append("discover: read ")
        .append(plural(r.adUsers(), "AD user"))
        .append(" and ")
        .append(plural(r.cloudUsers(), "cloud user"))
        .append('\n');
    sb.append("  proposed: ")
        .append(d.count(Confidence.HIGH))
        .append(" high, ")
        .append(d.count(Confidence.MEDIUM))
        .append(" medium, ")
        .append(d.count(Confidence.LOW))
        .append(" low; ambiguous: ")
        .append(d.ambiguous().size())
        .append('\n');
    if (d.kept() > 0) {
      sb.append("  kept: ").append(plural(d.kept(), "link")).append(" already in ").append(in);
      sb.append('\n');
    }
    if (d.skippedDisabled() > 0) {
      sb.append("  left out: ")
          .append(plural(d.skippedDisabled(), "disabled AD user"))
          .append(" (--include-disabled to match them too)\n");
    }
    sb.append("  unmatched: ")
        .append(plural(d.unmatchedAd().size(), "AD user"))
        .append(", ")
        .append(plural(d.unmatchedCloud().size(), "cloud-only account"))
        .append('\n');
    Map<Unmatched.Reason, List<String>> byReason = new EnumMap<>(Unmatched.Reason.class);
    d.unmatchedAd()
        .forEach(u -> byReason.computeIfAbsent(u.reason(), k -> new ArrayList<>()).add(u.sam()));
    byReason.forEach(
        (reason, sams) ->
            sb.append("    ")
                .append(reason.text())
                .append(": ")
                .append(sams.size())
                .append(" (")
                .append(names(sams))
                .append(")\n"));
    if (!d.syncWillDuplicate().isEmpty()) {
      sb.append("warning: sync will create a duplicate for ")
          .append(plural(d.syncWillDuplicate().size(), "user"))
          .append(" (soft match blocked or impossible): ")
          .append(names(d.syncWillDuplicate()))
          .append(" — link them (plan and apply) before the next sync cycle\n");
    }
    if (r.eligibilityUnknown()) {
      sb.append(
          "warning: eligible directory roles could not be read (RoleEligibilitySchedule.Read.Directory"
              + " missing): a target only eligible for a role is not marked low\n");
    }
    long linked = DiscoveryOutput.active(d, min).size();
    if (out != null) {
      sb.append("Wrote ").append(out).append(" (").append(format).append("). ");
    }
    if (format == DiscoveryOutput.Format.yaml) {
      sb.append(plural((int) linked, "proposed link"))
          .append(" at confidence ")
          .append(min.key())
          .append(min == Confidence.LOW ? "" : " or above")
          .append(", ")
          .append(d.proposals().size() - linked)
          .append(" commented out. Review them, then: hardmatch plan ")
          .append(out == null ? "FILE" : out)
          .append('\n');
      if (linked == 0 && d.kept() == 0) {
        sb.append(
            "note: no link at this confidence, so the file does not validate yet: uncomment the"
                + " proposals you checked\n");
      }
    } else if (out != null) {
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String names(List<String> names) {
    if (names.size() <= SHOWN) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, SHOWN)) + " and " + (names.size() - SHOWN) + " more";
  }

  static String plural(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
