package dev.hardmatch.tenant;

/**
 * A cloud user Entra Connect synced: it carries the AD user's objectSid as {@code
 * onPremisesSecurityIdentifier} and the anchor Connect computed as {@code onPremisesImmutableId}.
 */
public record SyncedUser(
    String id, String userPrincipalName, String securityIdentifier, String immutableId) {}
