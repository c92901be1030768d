package dev.hardmatch.plan;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Permanently delete the duplicate from the recycle bin, which frees the anchor.
 *
 * <p>{@code expect} is the object as observed when planning: {@code deleted: true} when it already
 * was in the recycle bin; {@code deleted: false} when the {@link DeleteUser} of the same object
 * just before it in this link puts it there. {@code userPrincipalName} is as Graph reports it (for
 * a deleted user, prefixed with its object id).
 */
@JsonPropertyOrder({"type", "objectId", "userPrincipalName", "expect"})
public record PurgeDeletedUser(String objectId, String userPrincipalName, Expect expect)
    implements Action {
  @Override
  public String type() {
    return "purgeDeletedUser";
  }

  @Override
  public boolean destructive() {
    return true;
  }

  /**
   * Done when the object is neither in the recycle bin nor active: purged (a purge is final). The
   * one rule the stale-plan gate and the executor both apply.
   */
  public boolean alreadyDone(TenantView tenant) {
    return tenant.deleted(objectId) == null && tenant.active(objectId).isEmpty();
  }
}
