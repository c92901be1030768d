package dev.hardmatch.tenant;

/** A directory role assignment or eligibility ({@code principalId} is a user's object id). */
public record RoleAssignment(
    String principalId, String roleDefinitionId, String directoryScopeId) {}
