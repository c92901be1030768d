package dev.hardmatch.doctor;

import dev.hardmatch.anchor.Anchor;
import dev.hardmatch.anchor.Sid;
import dev.hardmatch.directory.LdapProbe;
import dev.hardmatch.directory.SampledUser;
import dev.hardmatch.plan.AnchorChoice;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.SyncedUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The checks on a sample of users (docs/doctor.md): which attributes the bind account gets back,
 * and whether the anchor Entra Connect wrote on the users it synced is the one hardmatch computes
 * for their AD users (matched by objectSid).
 */
final class SampleChecks {
  static final String ANCHOR = "source anchor";

  /** Without these hardmatch finds no one or computes no anchor. */
  private static final Set<String> ESSENTIAL = Set.of("sAMAccountName", "objectGUID");

  /** Every AD user has these; absent on all means the bind account may not read them. */
  private static final Set<String> ALWAYS_SET = Set.of("objectSid", "userAccountControl");

  private final LinksFile links;
  private final List<SampledUser> sample;

  /**
   * @param sample the users sampled (the first links' users and the AD users of the synced ones)
   */
  SampleChecks(LinksFile links, List<SampledUser> sample) {
    this.links = links;
    this.sample = sample;
  }

  /** One line per attribute hardmatch reads. */
  List<Check> attributes() {
    List<Check> checks = new ArrayList<>();
    for (String attribute : LdapProbe.readAttributes()) {
      checks.add(attribute(attribute));
    }
    return checks;
  }

  private Check attribute(String attribute) {
    String name = "ad attribute " + attribute;
    if (sample.isEmpty()) {
      return Check.warn(
          name,
          "not checked: none of the links' users (nor any synced user) was found below "
              + links.directory().baseDn(),
          "check directory.baseDn and the links' sam values");
    }
    long present = sample.stream().filter(u -> u.attributes().contains(attribute)).count();
    String counted = "present on " + present + " of " + sample.size() + " sampled users";
    if (present > 0) {
      return Check.ok(name, counted);
    }
    String grant =
        "grant the bind account Read Property on "
            + attribute
            + " for the users (dsacls \"<OU DN>\" /I:S /G \"<DOMAIN>\\<bind account>:RP;"
            + attribute
            + ";user\"), then run doctor again";
    if (ESSENTIAL.contains(attribute)) {
      return Check.fail(name, counted + ": the bind account cannot read it", grant);
    }
    if (ALWAYS_SET.contains(attribute)) {
      return Check.warn(
          name, counted + ": every AD user has it, so the bind account cannot read it", grant);
    }
    if (attribute.equals(AnchorChoice.CONSISTENCY_GUID)) {
      if (links.directory().sourceAnchor() == LinksFile.SourceAnchor.OBJECT_GUID) {
        return Check.ok(name, counted + "; not used (sourceAnchor: objectGUID)");
      }
      return Check.warn(
          name,
          counted
              + ": either Entra Connect never wrote it (it anchors on objectGUID) or the bind"
              + " account may not read it. mS-DS-ConsistencyGuid is in no default property set, so"
              + " a least-privilege account reads users without it and gets no error, and"
              + " sourceAnchor "
              + links.directory().sourceAnchor().yaml()
              + " then silently computes the anchor from objectGUID",
          grant + "; or, if Connect anchors on objectGUID, set directory.sourceAnchor: objectGUID");
    }
    return Check.ok(name, counted + " (optional: hardmatch works without it)");
  }

  /** The anchor Connect wrote on the synced users against the one hardmatch computes. */
  Check anchor(List<SyncedUser> synced, int usersListed) {
    if (synced.isEmpty()) {
      return Check.ok(
          ANCHOR,
          "no user among the "
              + usersListed
              + " listed carries onPremisesSecurityIdentifier: Entra Connect synced none to"
              + " compare with");
    }
    Map<String, SampledUser> bySid = new HashMap<>();
    for (SampledUser u : sample) {
      String sid = Sid.toText(u.objectSid());
      if (sid != null) {
        bySid.put(sid.toUpperCase(Locale.ROOT), u);
      }
    }
    LinksFile.SourceAnchor mode = links.directory().sourceAnchor();
    List<String> disagreements = new ArrayList<>();
    String fix = null;
    int matched = 0;
    for (SyncedUser s : synced) {
      SampledUser ad = bySid.get(s.securityIdentifier().toUpperCase(Locale.ROOT));
      if (ad == null) {
        continue;
      }
      matched++;
      AnchorChoice choice = AnchorChoice.of(ad.user(), mode);
      String ours = choice.immutableId();
      if (ours != null && ours.equals(s.immutableId())) {
        continue;
      }
      disagreements.add(
          s.userPrincipalName()
              + " has onPremisesImmutableId "
              + s.immutableId()
              + ", hardmatch computes "
              + ours
              + " from "
              + choice.attribute()
              + " of "
              + ad.user().samAccountName());
      if (fix == null) {
        fix = fixFor(ad, s, choice);
      }
    }
    String of = " of " + synced.size() + " sampled synced users";
    if (matched == 0) {
      return Check.warn(
          ANCHOR,
          "none" + of + " has its objectSid below " + links.directory().baseDn(),
          "point directory.url and directory.baseDn at the domain Entra Connect syncs");
    }
    if (!disagreements.isEmpty()) {
      return Check.fail(
          ANCHOR,
          disagreements.size()
              + " of "
              + matched
              + " synced users matched by objectSid carry another anchor than hardmatch computes"
              + " (sourceAnchor "
              + mode.yaml()
              + "): "
              + String.join("; ", disagreements.subList(0, Math.min(3, disagreements.size())))
              + (disagreements.size() > 3 ? "; …" : ""),
          fix);
    }
    return Check.ok(
        ANCHOR,
        matched
            + of
            + " matched by objectSid carry the anchor hardmatch computes (sourceAnchor "
            + mode.yaml()
            + ")");
  }

  /** What to change so that hardmatch computes what Connect wrote. */
  private static String fixFor(SampledUser ad, SyncedUser synced, AnchorChoice choice) {
    String fromGuid = anchorOf(ad.user().objectGuid());
    String fromConsistency = anchorOf(ad.user().consistencyGuid());
    String written = synced.immutableId();
    if (written != null && written.equals(fromGuid)) {
      return "Entra Connect anchors on objectGUID: set directory.sourceAnchor: objectGUID";
    }
    if (written != null && written.equals(fromConsistency)) {
      return "Entra Connect anchors on mS-DS-ConsistencyGuid: set directory.sourceAnchor:"
          + " consistencyGuid";
    }
    if (choice.attribute().equals(AnchorChoice.OBJECT_GUID)
        && !ad.attributes().contains(AnchorChoice.CONSISTENCY_GUID)) {
      return "Entra Connect's anchor is neither objectGUID nor a value the bind account can see:"
          + " it most likely anchors on mS-DS-ConsistencyGuid, which the bind account cannot read"
          + " (it is in no default property set). Grant the bind account Read Property on"
          + " mS-DS-ConsistencyGuid (sourceAnchor auto then uses it), then run doctor again";
    }
    return "find the source anchor Entra Connect uses (the Connect wizard, 'Source anchor') and"
        + " set directory.sourceAnchor to it (objectGUID or consistencyGuid)";
  }

  private static String anchorOf(byte[] raw) {
    return raw == null || raw.length != 16 ? null : Anchor.ofBytes(raw).immutableId();
  }
}
