package dev.hardmatch.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Write the AD user's anchor into the target's onPremisesImmutableId. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"type", "objectId", "userPrincipalName", "from", "to", "expect"})
public record SetImmutableId(
    String objectId, String userPrincipalName, String from, String to, Expect expect)
    implements Action {
  @Override
  public String type() {
    return "setImmutableId";
  }

  /**
   * Done when the target is active and already holds the anchor. The one rule the stale-plan gate
   * and the executor both apply.
   */
  public boolean alreadyDone(TenantView tenant) {
    return tenant.active(objectId).map(u -> to.equals(u.onPremisesImmutableId())).orElse(false);
  }
}
