package dev.hardmatch.tenant;

import java.util.List;
import java.util.Map;

/**
 * What {@code hardmatch doctor} learned from the tenant (docs/doctor.md).
 *
 * @param probes each read and what Graph answered it, in {@link GraphCall} order
 * @param organization the organization, or null when it could not be read
 * @param takeoverBlocked the hard-match takeover flag, or null when it could not be read
 * @param synced users carrying {@code onPremisesSecurityIdentifier}, at most the sample size asked
 * @param usersListed how many users were listed to find them
 */
public record TenantDiagnosis(
    Map<GraphCall, GraphProbe> probes,
    Organization organization,
    Boolean takeoverBlocked,
    List<SyncedUser> synced,
    int usersListed) {}
