package dev.hardmatch.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hardmatch.tenant.CloudUser;
import dev.hardmatch.tenant.RoleAssignment;
import dev.hardmatch.tenant.TenantSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TenantViewTest {
  private static final String ANCHOR = "AAAAAAAAAAAAAAAAAAAAAA==";

  @Test
  void recycleBinIsFoundByAnchorAndOriginalUpnInListedOrder() {
    CloudUser first = deleted("d1", "0123456789abcdef0123456789abcdefJohn@Contoso.com", ANCHOR);
    CloudUser second = deleted("d2", "fedcba9876543210fedcba9876543210mary@contoso.com", ANCHOR);
    TenantView view = TenantView.of(snapshot(Map.of(), List.of(first, second), List.of()));

    assertEquals(List.of(first, second), view.deletedHolders(ANCHOR));
    assertEquals(List.of(), view.deletedHolders("other"));
    assertEquals(first, view.deletedByUpn("john@contoso.com"));
    assertNull(view.deletedByUpn("nobody@contoso.com"));
    assertEquals(second, view.deleted("d2"));
  }

  @Test
  void rolesAreIndexedByPrincipal() {
    RoleAssignment ga = new RoleAssignment("u1", "62e90394-69f5-4237-9190-012177145e10", "/");
    TenantView view = TenantView.of(snapshot(Map.of(), List.of(), List.of(ga)));
    assertTrue(view.privileged("u1"));
    assertFalse(view.privileged("u2"));
    assertEquals(List.of(ga), view.assignedRoles("u1"));
  }

  @Test
  void anObjectMissingFromTheBulkReadIsReadOnceUnlessInTheBinOrKnownPurged() {
    CloudUser renamed = active("t1", "new@contoso.com");
    List<String> reads = new ArrayList<>();
    TenantView.Fallback graph =
        id -> {
          reads.add(id);
          return id.equals("t1") ? Optional.of(renamed) : Optional.empty();
        };
    CloudUser inBin = deleted("d1", "0123456789abcdef0123456789abcdefx@contoso.com", ANCHOR);
    TenantView view =
        TenantView.of(snapshot(Map.of(), List.of(inBin), List.of()), graph, Set.of("p1"));

    assertEquals(Optional.of(renamed), view.active("t1"));
    assertEquals(Optional.of(renamed), view.active("t1"));
    assertEquals(Optional.empty(), view.active("d1"));
    assertEquals(Optional.empty(), view.active("p1"));
    assertEquals(Optional.empty(), view.active("x9"));
    assertEquals(List.of("t1", "x9"), reads, "one read per object, none for the bin or purged");
    assertEquals(Set.of("p1", "x9"), view.gone());
  }

  private static TenantSnapshot snapshot(
      Map<String, CloudUser> byUpn, List<CloudUser> bin, List<RoleAssignment> roles) {
    return new TenantSnapshot(null, byUpn, Map.of(), bin, roles, null);
  }

  private static CloudUser active(String id, String upn) {
    return new CloudUser(id, upn, null, null, null, null, null, true, null, false, List.of(), null);
  }

  private static CloudUser deleted(String id, String upn, String anchor) {
    return new CloudUser(
        id,
        upn,
        null,
        null,
        null,
        null,
        null,
        true,
        anchor,
        true,
        List.of(),
        "2026-01-01T00:00:00Z");
  }
}
