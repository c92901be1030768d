package dev.hardmatch.apply;

import dev.hardmatch.directory.AdUser;
import dev.hardmatch.plan.AnchorChoice;
import dev.hardmatch.plan.Expect;
import dev.hardmatch.plan.ProbeAnchor;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.CloudUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Comparing what a plan expected of an object with what is observed now. */
final class Facts {
  private Facts() {}

  /** A field that differs: its name, the planned value and the observed one. */
  record Difference(String field, String expected, String observed) {}

  /**
   * Every recorded fact of {@code expect} that {@code now} no longer shows. UPNs compare without
   * case (Entra does); anchors with case (they are case-sensitive); licenses as sets.
   */
  static List<Difference> differences(Expect expect, CloudUser now) {
    List<Difference> out = new ArrayList<>();
    if (expect == null) {
      return out;
    }
    if (expect.userPrincipalName() != null
        && !expect.userPrincipalName().equalsIgnoreCase(now.userPrincipalName())) {
      out.add(
          new Difference("userPrincipalName", expect.userPrincipalName(), now.userPrincipalName()));
    }
    // A target holding apply's probe placeholder (ProbeAnchor) is as hardmatch left it.
    if (!ProbeAnchor.startsFrom(
        now.onPremisesImmutableId(), now.id(), expect.onPremisesImmutableId())) {
      out.add(
          new Difference(
              "onPremisesImmutableId",
              expect.onPremisesImmutableId(),
              now.onPremisesImmutableId()));
    }
    if (Boolean.TRUE.equals(expect.onPremisesSyncEnabled()) != now.synced()) {
      out.add(
          new Difference(
              "onPremisesSyncEnabled",
              String.valueOf(expect.onPremisesSyncEnabled()),
              String.valueOf(now.onPremisesSyncEnabled())));
    }
    if (expect.assignedLicenses() != null
        && !licenses(expect.assignedLicenses()).equals(licenses(now.assignedLicenses()))) {
      out.add(
          new Difference(
              "assignedLicenses",
              licenses(expect.assignedLicenses()).toString(),
              licenses(now.assignedLicenses()).toString()));
    }
    if (expect.deleted() != now.deleted()) {
      out.add(
          new Difference(
              "deleted", String.valueOf(expect.deleted()), String.valueOf(now.deleted())));
    }
    return out;
  }

  static String expected(List<Difference> diffs) {
    return join(diffs, true);
  }

  static String observed(List<Difference> diffs) {
    return join(diffs, false);
  }

  private static String join(List<Difference> diffs, boolean expected) {
    List<String> parts = new ArrayList<>();
    for (Difference d : diffs) {
      parts.add(d.field() + "=" + (expected ? d.expected() : d.observed()));
    }
    return String.join(", ", parts);
  }

  private static TreeSet<String> licenses(List<String> skus) {
    TreeSet<String> s = new TreeSet<>();
    if (skus != null) {
      for (String sku : skus) {
        s.add(sku.toLowerCase(Locale.ROOT));
      }
    }
    return s;
  }

  /**
   * The ImmutableId an AD user has under the links file's {@code sourceAnchor} rule, decided as the
   * planner decides it ({@link AnchorChoice}); null when the attribute is not a valid anchor.
   */
  static String anchorOf(AdUser user, LinksFile.SourceAnchor rule) {
    return AnchorChoice.of(user, rule == null ? LinksFile.SourceAnchor.AUTO : rule).immutableId();
  }

  /** A user for messages: {@code upn (id)}. */
  static String describe(CloudUser u) {
    return u.userPrincipalName() + " (" + u.id() + ")";
  }
}
