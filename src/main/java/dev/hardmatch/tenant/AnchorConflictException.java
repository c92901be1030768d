package dev.hardmatch.tenant;

import dev.hardmatch.HardmatchException;

/**
 * Graph refused onPremisesImmutableId because another object (active or in the recycle bin) already
 * holds it: the ObjectConflict answer. {@code conflictingObjectId} comes from the
 * ConflictingObjects detail ({@code User_<id>}), null when Graph did not name it.
 */
public final class AnchorConflictException extends HardmatchException {
  private static final long serialVersionUID = 1L;
  private final String conflictingObjectId;
  private final String requestId;

  public AnchorConflictException(String message, String conflictingObjectId, String requestId) {
    super(Code.GRAPH, message, null);
    this.conflictingObjectId = conflictingObjectId;
    this.requestId = requestId;
  }

  public String conflictingObjectId() {
    return conflictingObjectId;
  }

  public String requestId() {
    return requestId;
  }
}
