package dev.hardmatch.tenant;

/**
 * The tenant's hard-match takeover window as Graph serves it: the id of the tenant's one {@code
 * onPremisesDirectorySynchronization} object and whether {@code
 * features.blockCloudObjectTakeoverThroughHardMatchEnabled} is on.
 */
public record TakeoverWindow(String id, HardMatchTakeover state) {}
