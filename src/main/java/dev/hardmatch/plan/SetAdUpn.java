package dev.hardmatch.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hardmatch.directory.AdUser;

/** Rewrite the AD user's userPrincipalName so sync does not rename the cloud account. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"type", "dn", "from", "to"})
public record SetAdUpn(String dn, String from, String to) implements Action {
  @Override
  public String type() {
    return "setAdUpn";
  }

  /**
   * Done when the AD user at {@code dn} already has the new userPrincipalName ({@code user} is that
   * user as just read, or null when it was not found). The one rule the stale-plan gate and the
   * executor both apply.
   */
  public boolean alreadyDone(AdUser user) {
    return user != null && to.equals(user.userPrincipalName());
  }
}
