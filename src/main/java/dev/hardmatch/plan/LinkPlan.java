package dev.hardmatch.plan;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
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
    Status status,
    AnchorRef anchor,
    boolean synced,
    List<Action> actions,
    List<String> warnings,
    List<String> syncImpact) {

  public static final Status CHANGE = Status.CHANGE;
  public static final Status UNCHANGED = Status.UNCHANGED;

  /** Whether a link has actions, with its name in the plan file. */
  public enum Status {
    CHANGE("change"),
    UNCHANGED("unchanged");

    private final String text;

    Status(String text) {
      this.text = text;
    }

    @JsonValue
    public String text() {
      return text;
    }
  }

  /** Which AD attribute the anchor came from, its GUID string and its ImmutableId. */
  @JsonPropertyOrder({"attribute", "guid", "immutableId"})
  public record AnchorRef(String attribute, String guid, String immutableId) {}
}
