package dev.hardmatch.tenant;

import java.util.Objects;

/**
 * One Graph write for {@link GraphTenant#writeBatch}: soft-delete, purge from the recycle bin, or
 * set onPremisesImmutableId. Writes passed in one call are independent of each other (Graph may run
 * a batch's steps in any order); order dependent writes by separate calls.
 *
 * @param immutableId the new anchor for {@link Type#SET_IMMUTABLE_ID}, else null
 */
public record WriteRequest(Type type, String objectId, String immutableId) {

  /** What the write does. */
  public enum Type {
    DELETE_USER,
    PURGE_DELETED_USER,
    SET_IMMUTABLE_ID
  }

  public WriteRequest {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(objectId, "objectId");
    if (type == Type.SET_IMMUTABLE_ID) {
      Objects.requireNonNull(immutableId, "immutableId");
    }
  }

  public static WriteRequest deleteUser(String objectId) {
    return new WriteRequest(Type.DELETE_USER, objectId, null);
  }

  public static WriteRequest purgeDeletedUser(String objectId) {
    return new WriteRequest(Type.PURGE_DELETED_USER, objectId, null);
  }

  public static WriteRequest setImmutableId(String objectId, String immutableId) {
    return new WriteRequest(Type.SET_IMMUTABLE_ID, objectId, immutableId);
  }

  /** Human words for messages, e.g. "delete user 1234…". */
  public String describe() {
    switch (type) {
      case DELETE_USER:
        return "delete user " + objectId;
      case PURGE_DELETED_USER:
        return "purge deleted user " + objectId;
      default:
        return "set onPremisesImmutableId of user " + objectId + " to " + immutableId;
    }
  }
}
