package dev.hardmatch.sandbox.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.tenant.Organization.VerifiedDomain;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lookups answered from indexes agree with the listing after every kind of change. */
class TenantStateIndexTest {
  private static ObjectNode user(String id, String upn, String anchor, String smtp) {
    ObjectNode u = JsonNodeFactory.instance.objectNode();
    u.put("id", id);
    u.put("userPrincipalName", upn);
    if (anchor != null) {
      u.put("onPremisesImmutableId", anchor);
    }
    if (smtp != null) {
      u.putArray("proxyAddresses").add("smtp:alias@contoso.com").add("SMTP:" + smtp);
    }
    return u;
  }

  private static List<String> ids(List<ObjectNode> users) {
    return users.stream().map(u -> u.path("id").asText()).toList();
  }

  @Test
  void lookupsFollowChangesAndKeepListingOrder() {
    TenantState state =
        TenantState.create(
            "t", "T", List.of(new VerifiedDomain("contoso.onmicrosoft.com", true, true)));
    state.putUser(user("A", "a@contoso.com", "anc1", "mail@contoso.com"));
    state.putUser(user("B", "b@contoso.com", "anc2", null));
    state.putUser(user("C", "c@contoso.com", null, "MAIL@contoso.com"));

    // Rename B: the old UPN no longer finds it, the new one does.
    state.putUser(user("B", "b2@contoso.com", "anc2", null));
    assertTrue(state.user("b@contoso.com").isEmpty());
    assertEquals("B", state.user("B2@CONTOSO.COM").orElseThrow().path("id").asText());

    // Delete A: gone from the active lookups, found as the anchor's recycle-bin holder.
    state.deleteUser("A", Instant.parse("2026-01-01T00:00:00Z"));
    assertEquals(List.of(), state.usersWhere("onPremisesImmutableId", List.of("anc1")));
    assertEquals("A", state.anchorHolder("anc1", null).orElseThrow().path("id").asText());
    assertTrue(state.anchorHolder("ANC1", null).isEmpty(), "anchors are case-sensitive");
    assertEquals(List.of("C"), ids(state.usersWithUpnOrSmtp("x@contoso.com", "mail@CONTOSO.com")));

    // Restore A: it is listed last, and every lookup answers in that order.
    state.restoreDeletedUser("a");
    assertEquals(List.of("B", "C", "A"), ids(state.users()));
    assertEquals(
        List.of("C", "A"), ids(state.usersWithUpnOrSmtp("c@contoso.com", "mail@contoso.com")));
    assertEquals(
        List.of("B", "A"),
        ids(state.usersWhere("userPrincipalName", List.of("a@contoso.com", "B2@contoso.com"))));
    assertEquals("B", state.anchorHolder("anc2", "a").orElseThrow().path("id").asText());
    assertTrue(state.anchorHolder("anc2", "b").isEmpty());

    // Purge: the recycle bin no longer holds the anchor.
    state.deleteUser("B", Instant.parse("2026-01-01T00:00:00Z"));
    assertTrue(state.purgeDeletedUser("b"));
    assertTrue(state.anchorHolder("anc2", null).isEmpty());
    // A property without a maintained index is answered too, and follows changes.
    assertEquals(List.of("A"), ids(state.usersWhere("id", List.of("a"))));
  }
}
