package dev.hardmatch.plan;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Permanently delete the duplicate from the recycle bin, which frees the anchor. */
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
}
