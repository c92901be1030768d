package dev.hardmatch.sandbox.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.tenant.Organization.VerifiedDomain;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Users kept as JSON bytes ({@link StoredUsers}) and indexed with a key per value ({@link
 * UserIndex}) behave as the emulator's listing and lookups always did.
 */
class TenantStateStorageTest {
  private static final Instant WHEN = Instant.parse("2026-03-01T10:15:30.456Z");

  private static TenantState tenant() {
    return TenantState.create(
        "4a6f0c2e-1b7d-4c55-9a0e-3f1d2b8c7e61",
        "T",
        List.of(new VerifiedDomain("contoso.onmicrosoft.com", true, true)));
  }

  /** A tenant with these users, given as id and primary SMTP address, in listing order. */
  private static TenantState tenantWith(String... idsAndAddresses) {
    TenantState state = tenant();
    for (int i = 0; i < idsAndAddresses.length; i += 2) {
      state.putUser(user(idsAndAddresses[i], idsAndAddresses[i + 1]));
    }
    return state;
  }

  private static ObjectNode user(String id, String smtp) {
    ObjectNode u = JsonNodeFactory.instance.objectNode();
    u.put("id", id);
    u.put("userPrincipalName", id.toLowerCase() + "@contoso.com");
    u.put("displayName", "User " + id);
    u.put("accountEnabled", true);
    u.putNull("onPremisesImmutableId");
    u.putArray("proxyAddresses").add("SMTP:" + smtp).add("smtp:" + id + "@contoso.com");
    u.putArray("assignedLicenses")
        .addObject()
        .put("skuId", "c42b9cae-ea4f-4ab7-9717-81576235ccac")
        .putArray("disabledPlans");
    return u;
  }

  private static List<String> ids(List<ObjectNode> users) {
    return users.stream().map(u -> u.path("id").asText()).toList();
  }

  @Test
  void aReplacedUserKeepsItsListingPlaceAndItsNewProperties() {
    TenantState state =
        tenantWith("A", "a@contoso.com", "B", "b@contoso.com", "C", "c@contoso.com");

    ObjectNode renamed = state.user("b").orElseThrow();
    renamed.put("displayName", "Renamed");
    state.putUser(renamed);

    assertEquals(List.of("A", "B", "C"), ids(state.users()));
    assertEquals("Renamed", state.users().get(1).path("displayName").asText());
  }

  @Test
  void whatAReadHandsOutAndWhatAPutTookAreNotTheStoredUser() {
    TenantState state = tenant();
    ObjectNode put = user("A", "a@contoso.com");
    state.putUser(put);
    put.put("displayName", "changed after the put");
    state.user("A").orElseThrow().put("displayName", "changed after a read");
    state.users().get(0).put("displayName", "changed in a listing");

    assertEquals(user("A", "a@contoso.com"), state.user("A").orElseThrow());
  }

  @Test
  void aUserRestoredFromTheRecycleBinCarriesExactlyItsProperties() {
    TenantState state = tenant();
    ObjectNode original = user("A", "a@contoso.com");
    state.putUser(original);
    state.putUser(user("B", "b@contoso.com"));

    assertTrue(state.deleteUser("a", WHEN));
    ObjectNode inBin = state.deletedUser("A").orElseThrow();
    assertEquals("2026-03-01T10:15:30Z", inBin.path("deletedDateTime").asText());
    assertEquals(List.of("B"), ids(state.users()));
    assertEquals(List.of("A"), ids(state.deletedUsers()));

    ObjectNode restored = state.restoreDeletedUser("A").orElseThrow();
    assertEquals(original, restored);
    assertEquals(original, state.user("A").orElseThrow());
    assertFalse(state.user("A").orElseThrow().has("deletedDateTime"));
    assertEquals(List.of("B", "A"), ids(state.users()), "a restored user is listed last");
    assertTrue(state.deletedUsers().isEmpty());
  }

  @Test
  void usersSharingAPrimarySmtpAreFoundInListingOrderUntilOneLeaves() {
    TenantState state =
        tenantWith(
            "A", "shared@contoso.com",
            "B", "b@contoso.com",
            "C", "SHARED@contoso.com",
            "D", "shared@contoso.com");

    assertEquals(
        List.of("A", "C", "D"),
        ids(state.usersWithUpnOrSmtp("x@contoso.com", "shared@contoso.com")));

    state.deleteUser("C", WHEN);
    assertEquals(
        List.of("A", "D"), ids(state.usersWithUpnOrSmtp("x@contoso.com", "Shared@Contoso.com")));
    state.deleteUser("A", WHEN);
    assertEquals(
        List.of("D"), ids(state.usersWithUpnOrSmtp("x@contoso.com", "shared@contoso.com")));

    // The one left gives its address up; the restored one is found alone, then both again.
    state.putUser(user("D", "d@contoso.com"));
    assertEquals(List.of(), state.usersWithUpnOrSmtp("x@contoso.com", "shared@contoso.com"));
    state.restoreDeletedUser("c");
    assertEquals(
        List.of("C"), ids(state.usersWithUpnOrSmtp("x@contoso.com", "shared@contoso.com")));
    state.restoreDeletedUser("a");
    state.putUser(user("D", "shared@contoso.com"));
    assertEquals(
        List.of("D", "C", "A"),
        ids(state.usersWithUpnOrSmtp("x@contoso.com", "shared@contoso.com")));
    assertEquals(
        List.of("D", "C", "A"),
        ids(state.usersWithUpnOrSmtp("a@contoso.com", "shared@contoso.com")),
        "a user found by both its UPN and its address is listed once");
  }

  @Test
  void anAnchorHeldInTheRecycleBinIsFoundAfterARoundTripThroughTheFileFormat() {
    TenantState state = tenant();
    String a = "0f8fad5b-d9cb-469f-a165-70867728950e";
    state.putUser(user(a, "a@contoso.com").put("onPremisesImmutableId", "anchorA=="));
    state.putUser(user("7c9e6679-7425-40de-944b-e07fc1f90ae7", "b@contoso.com"));
    state.deleteUser(a.toUpperCase(), WHEN);

    TenantState reloaded = TenantState.parse(state.toJson(), "state");

    assertEquals(state.toJson(), reloaded.toJson());
    assertEquals(a, reloaded.anchorHolder("anchorA==", null).orElseThrow().path("id").asText());
    assertTrue(reloaded.anchorHolder("anchorA==", a.toUpperCase()).isEmpty());
  }
}
