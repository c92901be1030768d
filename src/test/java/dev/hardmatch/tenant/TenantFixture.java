package dev.hardmatch.tenant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A generated tenant.json for the adapter tests: {@code targets} cloud accounts, a sync-created
 * duplicate holding every even anchor, a recycle-bin user holding every anchor ending in 1, a
 * holder of a case variant of anchor 4, a target whose UPN has a quote, a synced target, and roles.
 */
final class TenantFixture {
  static final String TENANT_ID = "7d1a2c3e-0000-4000-8000-000000000001";
  static final String QUOTED_UPN = "o'neil@contoso.com";
  static final String SKU = "c7df2760-2c81-4ef7-b578-5b5392b571df";

  final int targets;
  final int deletedExtra;
  private final ObjectMapper json = new ObjectMapper();

  TenantFixture(int targets, int deletedExtra) {
    this.targets = targets;
    this.deletedExtra = deletedExtra;
  }

  static String id(String kind, int i) {
    return UUID.nameUUIDFromBytes((kind + i).getBytes(StandardCharsets.UTF_8)).toString();
  }

  static String upn(int i) {
    return String.format("user%04d@contoso.com", i);
  }

  /** A distinct, valid ImmutableId (Base64 of 16 bytes, never '$' or '_'). */
  static String anchor(int i) {
    ByteBuffer bytes = ByteBuffer.allocate(16);
    bytes.putLong(0x5a17c0de00000000L + i * 7919L);
    bytes.putLong(0x0123456789abcdefL ^ (i * 104729L));
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  static String swapCase(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      out.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
    }
    return out.toString();
  }

  static String targetId(int i) {
    return id("target", i);
  }

  static String duplicateId(int i) {
    return id("dup", i);
  }

  static String deletedHolderId(int i) {
    return id("deleted", i);
  }

  static final String QUOTED_ID = id("quoted", 0);
  static final String SYNCED_ID = id("synced", 0);
  static final String CASE_VARIANT_ID = id("case", 0);

  List<String> upns() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < targets; i++) {
      out.add(upn(i));
    }
    return out;
  }

  List<String> anchors() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < targets; i++) {
      out.add(anchor(i));
    }
    return out;
  }

  String toJson() {
    ObjectNode root = json.createObjectNode();
    root.put("tenantId", TENANT_ID);
    root.put("displayName", "Contoso");
    ArrayNode domains = root.putArray("verifiedDomains");
    domains.addObject().put("name", "contoso.com").put("isDefault", true).put("isInitial", false);
    domains
        .addObject()
        .put("name", "contoso.onmicrosoft.com")
        .put("isDefault", false)
        .put("isInitial", true);
    ArrayNode users = root.putArray("users");
    ArrayNode deleted = root.putArray("deletedUsers");
    for (int i = 0; i < targets; i++) {
      ObjectNode t = user(users, targetId(i), upn(i), "User " + i);
      t.putArray("proxyAddresses").add("SMTP:" + upn(i));
      t.put("mail", upn(i));
      if (i % 3 == 0) {
        t.putArray("assignedLicenses").addObject().put("skuId", SKU).putArray("disabledPlans");
      }
      if (i % 2 == 0) {
        ObjectNode d =
            user(
                users,
                duplicateId(i),
                String.format("dup%04d@contoso.onmicrosoft.com", i),
                "Dup " + i);
        d.put("onPremisesImmutableId", anchor(i));
        d.put("onPremisesSyncEnabled", true);
      }
      if (i % 10 == 1) {
        ObjectNode d = user(deleted, deletedHolderId(i), "old" + i + "@contoso.com", "Old " + i);
        d.put("onPremisesImmutableId", anchor(i));
        d.put("onPremisesSyncEnabled", true);
        d.put("deletedDateTime", "2026-11-20T10:00:00Z");
      }
    }
    for (int i = 0; i < deletedExtra; i++) {
      user(deleted, id("gone", i), "gone" + i + "@contoso.com", "Gone " + i)
          .put("deletedDateTime", "2026-11-01T08:00:00Z");
    }
    user(users, QUOTED_ID, QUOTED_UPN, "Kate O'Neil");
    ObjectNode synced = user(users, SYNCED_ID, "synced@contoso.com", "Synced");
    synced.put("onPremisesImmutableId", "c3luY2VkLWFuY2hvci0xMjM0NQ==");
    synced.put("onPremisesSyncEnabled", true);
    ObjectNode variant = user(users, CASE_VARIANT_ID, "variant@contoso.com", "Variant");
    variant.put("onPremisesImmutableId", swapCase(anchor(4)));
    variant.put("onPremisesSyncEnabled", true);

    String ga = "62e90394-69f5-4237-9190-012177145e10";
    root.putArray("roleAssignments")
        .addObject()
        .put("principalId", targetId(5))
        .put("roleDefinitionId", ga)
        .put("directoryScopeId", "/");
    root.putArray("roleEligibilities")
        .addObject()
        .put("principalId", targetId(6))
        .put("roleDefinitionId", ga)
        .put("directoryScopeId", "/");
    return root.toPrettyString();
  }

  private static ObjectNode user(ArrayNode into, String id, String upn, String displayName) {
    ObjectNode u = into.addObject();
    u.put("id", id);
    u.put("userPrincipalName", upn);
    u.put("displayName", displayName);
    u.put("accountEnabled", true);
    return u;
  }
}
