package dev.hardmatch.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The facts about a cloud object an action relies on, as observed when planning. Apply compares
 * them with what it observes now: any difference (unless the action's end state already holds) is a
 * {@code STALE_PLAN}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({
  "objectId",
  "userPrincipalName",
  "onPremisesImmutableId",
  "onPremisesSyncEnabled",
  "assignedLicenses",
  "deleted"
})
public record Expect(
    String objectId,
    String userPrincipalName,
    String onPremisesImmutableId,
    Boolean onPremisesSyncEnabled,
    List<String> assignedLicenses,
    boolean deleted) {}
