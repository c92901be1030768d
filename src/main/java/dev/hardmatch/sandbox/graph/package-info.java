/**
 * The sandbox tenant emulator: an in-memory Entra ID tenant ({@link
 * dev.hardmatch.sandbox.graph.TenantState}, file format {@code schemas/tenant.schema.json}), an
 * HTTP server speaking the Microsoft Graph subset hardmatch uses as strictly as Graph does ({@link
 * dev.hardmatch.sandbox.graph.TenantEmulator}), and an Entra Connect delta-sync simulator ({@link
 * dev.hardmatch.sandbox.graph.SyncSimulator}) applying Entra's 2026 hard-match rules ({@link
 * dev.hardmatch.sandbox.graph.HardMatchRules}).
 *
 * <p>The endpoints a client can rely on (every one checks the token's permissions, {@link
 * dev.hardmatch.sandbox.graph.Permissions}; 403 {@code Authorization_RequestDenied} "Insufficient
 * privileges to complete the operation." otherwise):
 *
 * <ul>
 *   <li>{@code GET /v1.0/directory/onPremisesSynchronization}: {@code {"value":[{"id":<tenant
 *       id>,"features":{"blockCloudObjectTakeoverThroughHardMatchEnabled","blockSoftMatchEnabled",
 *       "softMatchOnUpnEnabled"}}]}}; {@code PATCH
 *       /v1.0/directory/onPremisesSynchronization/{tenant id}} with {@code {"features":{…}}}: 204.
 *       Delegated token only ({@code sandbox serve --delegated}).
 *   <li>{@code GET /beta/users} and {@code GET /beta/users/{id|upn}} with {@code $select} (and
 *       {@code $filter} as on v1.0): the beta user, the only place {@code
 *       onPremisesObjectIdentifier} is served; v1.0 answers 400 for it in {@code $select}. {@code
 *       PATCH /beta/users/{id}} {@code {"onPremisesObjectIdentifier":null}} clears it (needs {@code
 *       User-OnPremisesSyncBehavior.ReadWrite.All}).
 *   <li>v1.0 users also carry {@code onPremisesSecurityIdentifier} and {@code
 *       onPremisesDistinguishedName} ({@code $select} only). A PATCH of {@code
 *       onPremisesImmutableId} on a previously synced user (sync not on, any of those or {@code
 *       onPremisesLastSyncDateTime} set) is 400 {@code Request_BadRequest} "Unable to update the
 *       specified properties for objects that have originated within an external service."
 *   <li>{@code GET /v1.0/groups?$filter=isAssignableToRole eq
 *       true&$select=id,displayName&$expand=members($select=id)}: role-assignable groups with at
 *       most {@value dev.hardmatch.sandbox.graph.GroupsResource#EXPAND_LIMIT} members each (no
 *       nextLink); {@code GET /v1.0/groups/{id}/members?$select=id&$top=999} pages all of them.
 *       Needs {@code GroupMember.Read.All} (in the default set). A role assignment's or
 *       eligibility's {@code principalId} may be such a group.
 *   <li>{@code GET /v1.0/roleManagement/directory/roleEligibilityScheduleInstances} in a tenant
 *       with {@code "entraIdP2": false}: 400 {@code AadPremiumLicenseRequired}.
 *   <li>{@code sandbox serve --refuse-patch UPN,…}: every PATCH of those users is 403.
 * </ul>
 */
package dev.hardmatch.sandbox.graph;
