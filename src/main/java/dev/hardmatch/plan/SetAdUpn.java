package dev.hardmatch.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Rewrite the AD user's userPrincipalName so sync does not rename the cloud account. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"type", "dn", "from", "to"})
public record SetAdUpn(String dn, String from, String to) implements Action {
  @Override
  public String type() {
    return "setAdUpn";
  }
}
