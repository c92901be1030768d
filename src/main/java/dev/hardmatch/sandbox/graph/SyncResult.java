package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What one simulated Entra Connect delta sync did (also the answer of {@code POST /_sandbox/sync}).
 *
 * @param adUsers AD users read
 * @param consistencyGuidsWritten AD users whose empty mS-DS-ConsistencyGuid got their objectGUID
 * @param hardMatched cloud users taken over because they held the anchor
 * @param restored recycle-bin users holding the anchor: restored and taken over
 * @param softMatched cloud-only users taken over by UPN or primary SMTP
 * @param created new synced cloud users (duplicates when a cloud account already existed)
 * @param updated already-synced users whose attributes changed
 * @param errors AD users the sync could not process (e.g. the anchor holder has a directory role)
 * @param blocked the matches among {@code errors} that Entra refused, each with Entra's error code
 */
public record SyncResult(
    int adUsers,
    List<Entry> consistencyGuidsWritten,
    List<Entry> hardMatched,
    List<Entry> restored,
    List<Entry> softMatched,
    List<Entry> created,
    List<Entry> updated,
    List<Entry> errors,
    List<Blocked> blocked) {

  /**
   * A match Entra refused (it is one of the {@code errors} too).
   *
   * @param sam the AD sAMAccountName
   * @param userId the cloud user that was not taken over
   * @param userPrincipalName its UPN
   * @param code Entra's sync error code: {@code InvalidHardMatch} or {@code
   *     AttributeUpdateNotAllowed}
   * @param errorNumber Entra Connect's error number (96, 103) when it has one, else null
   * @param detail why, for people
   */
  public record Blocked(
      String sam,
      String userId,
      String userPrincipalName,
      String code,
      Integer errorNumber,
      String detail) {}

  /**
   * One AD user and the cloud user it concerns.
   *
   * @param sam the AD sAMAccountName
   * @param userId the cloud object id (null when none)
   * @param userPrincipalName the cloud UPN after the sync (null when none)
   * @param detail what happened, for people
   */
  public record Entry(String sam, String userId, String userPrincipalName, String detail) {}

  public SyncResult {
    consistencyGuidsWritten = List.copyOf(consistencyGuidsWritten);
    hardMatched = List.copyOf(hardMatched);
    restored = List.copyOf(restored);
    softMatched = List.copyOf(softMatched);
    created = List.copyOf(created);
    updated = List.copyOf(updated);
    errors = List.copyOf(errors);
    blocked = List.copyOf(blocked);
  }

  /** Whether the tenant or the directory changed. */
  public boolean changed() {
    return !(consistencyGuidsWritten.isEmpty()
        && hardMatched.isEmpty()
        && restored.isEmpty()
        && softMatched.isEmpty()
        && created.isEmpty()
        && updated.isEmpty());
  }

  public ObjectNode toJson() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("adUsers", adUsers);
    root.put("changed", changed());
    write(root.putArray("consistencyGuidsWritten"), consistencyGuidsWritten);
    write(root.putArray("hardMatched"), hardMatched);
    write(root.putArray("restored"), restored);
    write(root.putArray("softMatched"), softMatched);
    write(root.putArray("created"), created);
    write(root.putArray("updated"), updated);
    write(root.putArray("errors"), errors);
    ArrayNode array = root.putArray("blocked");
    for (Blocked b : blocked) {
      ObjectNode o =
          array
              .addObject()
              .put("sam", b.sam())
              .put("userId", b.userId())
              .put("userPrincipalName", b.userPrincipalName())
              .put("code", b.code());
      if (b.errorNumber() == null) {
        o.putNull("errorNumber");
      } else {
        o.put("errorNumber", b.errorNumber());
      }
      o.put("detail", b.detail());
    }
    return root;
  }

  private static void write(ArrayNode array, List<Entry> entries) {
    for (Entry e : entries) {
      array
          .addObject()
          .put("sam", e.sam())
          .put("userId", e.userId())
          .put("userPrincipalName", e.userPrincipalName())
          .put("detail", e.detail());
    }
  }
}
