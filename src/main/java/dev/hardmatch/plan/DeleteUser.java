package dev.hardmatch.plan;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Soft-delete the sync-created duplicate that holds the anchor. */
@JsonPropertyOrder({"type", "objectId", "userPrincipalName", "expect"})
public record DeleteUser(String objectId, String userPrincipalName, Expect expect)
    implements Action {
  @Override
  public String type() {
    return "deleteUser";
  }

  @Override
  public boolean destructive() {
    return true;
  }

  /**
   * Done when the object is no longer an active user (in the recycle bin, or purged). The one rule
   * the stale-plan gate and the executor both apply.
   */
  public boolean alreadyDone(TenantView tenant) {
    return tenant.active(objectId).isEmpty();
  }
}
