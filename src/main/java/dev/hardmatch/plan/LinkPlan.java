package dev.hardmatch.plan;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The plan for one link.
 *
 * @param status {@code change} when there are actions, else {@code unchanged}
 * @param synced for an unchanged link: whether sync has taken the target over yet
 * @param syncImpact cloud attributes the next sync overwrites from AD, as "attr: cloud → ad"
 */
@JsonPropertyOrder({
  "sam",
  "upn",
  "status",
  "anchor",
  "synced",
  "actions",
  "warnings",
  "syncImpact"
})
public record LinkPlan(
    String sam,
    String upn,
    String status,
    AnchorRef anchor,
    boolean synced,
    List<Action> actions,
    List<String> warnings,
    List<String> syncImpact) {

  public static final String CHANGE = "change";
  public static final String UNCHANGED = "unchanged";

  /** Which AD attribute the anchor came from, its GUID string and its ImmutableId. */
  @JsonPropertyOrder({"attribute", "guid", "immutableId"})
  public record AnchorRef(String attribute, String guid, String immutableId) {}
}
