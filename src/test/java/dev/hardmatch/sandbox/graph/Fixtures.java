package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.tenant.Organization.VerifiedDomain;
import dev.hardmatch.tenant.RoleAssignment;
import java.util.List;

/** Small tenants for the emulator tests. */
final class Fixtures {
  static final String TENANT_ID = "7d1a2c3e-0000-4000-8000-000000000001";
  static final String GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";
  static final String PRIVILEGED_AUTH_ADMIN = "7be44c8a-adaf-4e2a-84d6-ab2649e08a13";

  // Worked examples of the .NET byte order (docs/planning-rules.md, "The anchor").
  static final String ANCHOR_A = "MsNKjF+XF0ete7pKTpaP/w==";
  static final String ANCHOR_B = "GvoBZw/7qEWTVtMCsq/7sQ==";

  static final String JOHN = "00000000-0000-4000-8000-000000000101";
  static final String MARY = "00000000-0000-4000-8000-000000000102";
  static final String ADMIN = "00000000-0000-4000-8000-000000000103";
  static final String ELIGIBLE = "00000000-0000-4000-8000-000000000104";
  static final String GONE = "00000000-0000-4000-8000-000000000105";

  private Fixtures() {}

  static TenantState empty() {
    return TenantState.create(
        TENANT_ID,
        "Contoso",
        List.of(
            new VerifiedDomain("contoso.com", true, false),
            new VerifiedDomain("contoso.onmicrosoft.com", false, true)));
  }

  static ObjectNode user(String id, String upn) {
    ObjectNode u = JsonNodeFactory.instance.objectNode();
    u.put("id", id);
    u.put("userPrincipalName", upn);
    String local = upn.substring(0, upn.indexOf('@'));
    u.put("displayName", local);
    u.put("mail", upn);
    u.put("accountEnabled", true);
    return u;
  }

  /**
   * john (cloud-only, licensed), mary (synced, ANCHOR_A), admin (Global Administrator), eligible
   * (eligible for Privileged Authentication Administrator), and gone (in the recycle bin,
   * ANCHOR_B).
   */
  static TenantState contoso() {
    TenantState state = empty();
    ObjectNode john = user(JOHN, "john.smith@contoso.com");
    john.put("givenName", "John").put("surname", "Smith");
    john.putArray("proxyAddresses").add("SMTP:john.smith@contoso.com");
    john.putArray("assignedLicenses")
        .addObject()
        .put("skuId", "c7df2760-2c81-4ef7-b578-5b5392b571df")
        .putArray("disabledPlans");
    state.putUser(john);
    ObjectNode mary = user(MARY, "mary.king@contoso.com");
    mary.put("onPremisesImmutableId", ANCHOR_A).put("onPremisesSyncEnabled", true);
    state.putUser(mary);
    state.putUser(user(ADMIN, "admin@contoso.onmicrosoft.com"));
    state.putUser(user(ELIGIBLE, "helpdesk@contoso.com"));
    ObjectNode gone = user(GONE, "old.duplicate@contoso.onmicrosoft.com");
    gone.put("onPremisesImmutableId", ANCHOR_B).put("onPremisesSyncEnabled", true);
    state.putUser(gone);
    state.deleteUser(GONE, java.time.Instant.parse("2026-11-20T10:00:00Z"));
    state.addRoleAssignment(new RoleAssignment(ADMIN, GLOBAL_ADMIN, "/"));
    state.addRoleEligibility(new RoleAssignment(ELIGIBLE, PRIVILEGED_AUTH_ADMIN, "/"));
    return state;
  }
}
