package dev.hardmatch.plan;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One step of a link's plan. Per link the order is deleteUser, purgeDeletedUser, setImmutableId,
 * setAdUpn. A sealed interface: the four kinds are all there is (Java 17 has no pattern switch, so
 * callers switch over {@link #type()}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = DeleteUser.class, name = "deleteUser"),
  @JsonSubTypes.Type(value = PurgeDeletedUser.class, name = "purgeDeletedUser"),
  @JsonSubTypes.Type(value = SetImmutableId.class, name = "setImmutableId"),
  @JsonSubTypes.Type(value = SetAdUpn.class, name = "setAdUpn")
})
public sealed interface Action permits DeleteUser, PurgeDeletedUser, SetImmutableId, SetAdUpn {

  /** The name used in the plan file ({@code deleteUser}, …). */
  String type();

  /** Deleting or purging: journaled with a backup first. */
  default boolean destructive() {
    return false;
  }
}
