package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hardmatch.sandbox.graph.AdReader.AdUser;

/**
 * Entra's refusals of a hard match since July 2026, checked in the cloud for Entra Connect and
 * Cloud Sync alike (entra-docs {@code how-to-connect-install-existing-tenant.md} "Hard match
 * security protections", {@code tshoot-connect-sync-errors.md} "InvalidHardMatch"; message-center
 * MC1262584, MC1263280), in the order the simulator applies them:
 *
 * <ol>
 *   <li>the tenant's {@code blockCloudObjectTakeoverThroughHardMatchEnabled} is on: {@code
 *       InvalidHardMatch}
 *       (https://learn.microsoft.com/graph/api/resources/onpremisesdirectorysynchronizationfeature);
 *   <li>the cloud user's {@code onPremisesObjectIdentifier} is set (to another AD object's): error
 *       96 {@code AttributeUpdateNotAllowed}, "OnPremisesObjectIdentifier cannot be changed unless
 *       its current value is null";
 *   <li>the cloud user holds or is eligible for a directory role, directly or through a
 *       role-assignable group (the safe reading: every role counts as privileged): error 103 {@code
 *       InvalidHardMatch}, "The cloud user with privileged roles is not allowed to be taken over";
 *   <li>the cloud user was previously synced from another AD object (sync off, its
 *       onPremisesSecurityIdentifier another objectSid): {@code AttributeUpdateNotAllowed}, its
 *       on-premises attributes cannot be changed (tshoot-clear-on-premises-attributes.md). Graph's
 *       exact sync error here is unconfirmed: the strictest reading.
 * </ol>
 */
final class HardMatchRules {
  static final String INVALID_HARD_MATCH = "InvalidHardMatch";
  static final String ATTRIBUTE_UPDATE_NOT_ALLOWED = "AttributeUpdateNotAllowed";

  /** Why Entra refuses; {@code errorNumber} null when Entra Connect documents none. */
  record Refusal(String code, Integer errorNumber, String detail) {}

  private HardMatchRules() {}

  /** The first rule that refuses taking {@code user} over for {@code ad}, or null. */
  static Refusal refusal(TenantState state, AdUser ad, JsonNode user) {
    String upn = user.path("userPrincipalName").asText();
    if (state.syncFeature("blockCloudObjectTakeoverThroughHardMatchEnabled")) {
      return new Refusal(
          INVALID_HARD_MATCH,
          null,
          "hard match refused: the tenant blocks cloud object takeover through hard match"
              + " (blockCloudObjectTakeoverThroughHardMatchEnabled is on)");
    }
    if (objectIdentifierBlocks(ad, user)) {
      return new Refusal(
          ATTRIBUTE_UPDATE_NOT_ALLOWED,
          96,
          "hard match refused: "
              + upn
              + " has onPremisesObjectIdentifier set; OnPremisesObjectIdentifier cannot be changed"
              + " unless its current value is null");
    }
    String privilege = state.privilege(user.path("id").asText());
    if (privilege != null) {
      return new Refusal(
          INVALID_HARD_MATCH,
          103,
          "hard match refused: "
              + upn
              + " holds "
              + privilege
              + " (a directory role); the cloud user with privileged roles is not allowed to be"
              + " taken over");
    }
    String sid = text(user, "onPremisesSecurityIdentifier");
    if (UsersResource.previouslySynced(user) && sid != null && !sid.equalsIgnoreCase(ad.sid())) {
      return new Refusal(
          ATTRIBUTE_UPDATE_NOT_ALLOWED,
          null,
          "hard match refused: "
              + upn
              + " was previously synced from another AD object ("
              + sid
              + "); its on-premises attributes cannot be changed");
    }
    return null;
  }

  /** Whether the user's onPremisesObjectIdentifier is set to anything but this AD user's GUID. */
  static boolean objectIdentifierBlocks(AdUser ad, JsonNode user) {
    String id = text(user, "onPremisesObjectIdentifier");
    return id != null && !id.equalsIgnoreCase(ad.objectGuid());
  }

  private static String text(JsonNode user, String field) {
    JsonNode v = user.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }
}
