package dev.hardmatch.plan;

import dev.hardmatch.directory.AdUser;
import dev.hardmatch.tenant.CloudUser;
import dev.hardmatch.tenant.Organization;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The words of the planner: every problem message and warning, each saying what is wrong and how to
 * fix it. The rules that decide when they apply are in {@link Planner}; the texts are part of the
 * output contract (golden plans hold them verbatim).
 */
final class ProblemTexts {
  private ProblemTexts() {}

  static String wrongTenant(String wanted, Organization org) {
    String got = org == null ? "an unknown tenant" : describe(org);
    return "the links file names tenant "
        + wanted
        + " but the credentials reach "
        + got
        + " — fix tenant.id, or sign in to the right tenant";
  }

  static String maxDeletesExceeded(int deletions, int maxDeletes) {
    return "the plan deletes "
        + deletions
        + " users, more than policy.maxDeletes ("
        + maxDeletes
        + ") — raise policy.maxDeletes if that many is intended, or split the links"
        + " file";
  }

  static String domainNotVerified(String domain, Organization org) {
    String verified =
        org.verifiedDomains().stream()
            .map(Organization.VerifiedDomain::name)
            .sorted()
            .collect(Collectors.joining(", "));
    return "the tenant has not verified the domain "
        + domain
        + " (verified: "
        + verified
        + ") — correct the upn, or verify the domain in Entra ID first";
  }

  static String targetDeleted(String upn, CloudUser deleted) {
    return "the cloud account "
        + upn
        + " is in the recycle bin (id "
        + deleted.id()
        + ", deleted "
        + deleted.deletedDateTime()
        + ") — restore it first, then plan again";
  }

  static String targetNotFound(String upn) {
    return "no cloud account has the UPN "
        + upn
        + " — correct the upn; hardmatch links existing accounts only";
  }

  static String syncedElsewhere(CloudUser target, String current, String immutableId) {
    return target.userPrincipalName()
        + " (id "
        + target.id()
        + ") is already synced from on-premises with another anchor ("
        + (current == null ? "none" : current)
        + ", this AD user's is "
        + immutableId
        + ") — it belongs to another AD object: correct the link, or take that object"
        + " out of sync scope first";
  }

  static String anchoredElsewhere(
      CloudUser target, String current, String immutableId, String replaceAnchor) {
    String msg =
        target.userPrincipalName()
            + " (id "
            + target.id()
            + ") already holds onPremisesImmutableId "
            + current
            + " (this AD user's anchor is "
            + immutableId
            + ")";
    if (replaceAnchor != null) {
      return msg
          + "; replaceAnchor is "
          + replaceAnchor
          + " but the account holds "
          + current
          + " — set replaceAnchor: "
          + current
          + " if that value is to be replaced";
    }
    return msg + " — if that value is stale, add replaceAnchor: " + current + " to this link";
  }

  static String replaceAnchorNotNeeded(CloudUser target) {
    return "replaceAnchor is set but "
        + target.userPrincipalName()
        + " holds no anchor; it is not needed";
  }

  static String holderHasRoles(CloudUser target, List<String> roles) {
    return target.userPrincipalName()
        + " holds the anchor but has directory roles ("
        + String.join(", ", roles)
        + "): Entra Connect will not match it until they are removed";
  }

  static String adUpnMismatch(String adUpn, CloudUser target, String renamedTo) {
    String shown = adUpn == null ? "not set" : adUpn;
    return "the AD userPrincipalName is "
        + shown
        + " but the cloud UPN is "
        + target.userPrincipalName()
        + ": after the match sync would rename the cloud account to "
        + renamedTo
        + " — add adUpn: match (hardmatch rewrites the AD UPN) or adUpn: keep (accept"
        + " the rename)";
  }

  static String adUpnKept(CloudUser target, String renamedTo) {
    return "adUpn: keep — after the match sync renames the cloud account from "
        + target.userPrincipalName()
        + " to "
        + renamedTo;
  }

  static String adAccountDisabled(CloudUser target) {
    return "the AD account is disabled: after the match sync blocks sign-in to "
        + target.userPrincipalName();
  }

  static String adUserNotFound(String sam, String baseDn) {
    return "no AD user has sAMAccountName "
        + sam
        + " under "
        + baseDn
        + " — correct the sam, or check that the account is inside directory.baseDn";
  }

  static String adUserAmbiguous(String sam, List<AdUser> found) {
    return found.size()
        + " AD users have sAMAccountName "
        + sam
        + ": "
        + found.stream().map(AdUser::dn).sorted().collect(Collectors.joining("; "))
        + " — narrow directory.baseDn so that exactly one is in scope";
  }

  static String consistencyGuidMissing(AdUser ad) {
    return "mS-DS-ConsistencyGuid is not set on "
        + ad.dn()
        + "; the anchor is its objectGUID, which Entra Connect writes back into it";
  }

  static String anchorInvalid(String attribute, AdUser ad, byte[] raw) {
    return attribute
        + " of "
        + ad.dn()
        + " has "
        + (raw == null ? "no value" : raw.length + " bytes")
        + ", an anchor has 16 — correct the attribute in AD";
  }

  static String targetPrivileged(CloudUser target, List<String> held) {
    return target.userPrincipalName()
        + " (id "
        + target.id()
        + ") has directory roles: "
        + String.join(", ", held)
        + " — Entra ID refuses to hard-match privileged accounts: remove the role"
        + " assignments and eligibilities first, then plan again";
  }

  static String eligibilitiesUnknown(CloudUser target) {
    return "eligible role assignments could not be read, so whether "
        + target.userPrincipalName()
        + " is eligible for a privileged role is unknown (Entra ID refuses to match such"
        + " accounts) — grant the permission to read role eligibilities, or check PIM by"
        + " hand";
  }

  /** "the anchor … is held by another active user, upn (id …)": the start of its problems. */
  static String activeHolder(String immutableId, CloudUser holder) {
    return "the anchor "
        + immutableId
        + " is held by another active user, "
        + holder.userPrincipalName()
        + " (id "
        + holder.id()
        + ")";
  }

  static String activeHolderIsTarget(String who, String sam, String upn) {
    return who
        + ", which is the target of link "
        + sam
        + " → "
        + upn
        + " — two links claim accounts sharing one anchor: correct one of them";
  }

  static String duplicateProtected(String who, boolean protectedUpn, List<String> held) {
    return who
        + ", which is protected ("
        + (protectedUpn ? "listed in policy.protectedUpns" : "")
        + (protectedUpn && !held.isEmpty() ? "; " : "")
        + (held.isEmpty() ? "" : "directory roles: " + String.join(", ", held))
        + ") — hardmatch never deletes it: resolve it by hand";
  }

  static String duplicateCloudOnly(String who) {
    return who
        + ", which was not created by sync (onPremisesSyncEnabled is not true), so it is"
        + " not a sync duplicate — find out who set its onPremisesImmutableId; hardmatch"
        + " deletes only sync-created duplicates";
  }

  static String duplicateLicensed(String who, List<String> licenses) {
    return who
        + ", which has licenses ("
        + String.join(", ", licenses)
        + "): deleting it can lose its mailbox and files — move or remove its licenses"
        + " first, or set policy.allowLicensedDeletes: true";
  }

  static String duplicatesDisabled(String who) {
    return who
        + ": it must be deleted and purged to free the anchor, but policy.deleteDuplicates"
        + " and policy.purgeDeleted are not both true — set both to let hardmatch do it";
  }

  /** "the anchor … is held by upn (id …) in the recycle bin …": the start of its problems. */
  static String deletedHolder(String immutableId, String upn, CloudUser gone) {
    return "the anchor "
        + immutableId
        + " is held by "
        + upn
        + " (id "
        + gone.id()
        + ") in the recycle bin, and stays reserved until it is purged";
  }

  static String deletedHolderIsTarget(String who, String sam, String upn) {
    return who
        + "; it is the target of link "
        + sam
        + " → "
        + upn
        + " — restore that account first, or correct one of the links";
  }

  static String deletedHolderProtected(String who) {
    return who
        + "; it is listed in policy.protectedUpns — hardmatch never purges it: resolve it"
        + " by hand";
  }

  static String purgeDisabled(String who) {
    return who + " — set policy.purgeDeleted: true to let hardmatch purge it";
  }

  private static String describe(Organization org) {
    return "tenant "
        + org.tenantId()
        + (org.displayName() == null ? "" : " (" + org.displayName() + ")");
  }
}
