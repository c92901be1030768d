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
}
