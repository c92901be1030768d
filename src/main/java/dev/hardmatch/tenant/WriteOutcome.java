package dev.hardmatch.tenant;

import dev.hardmatch.HardmatchException;

/**
 * What Graph answered to one {@link WriteRequest} of a batch.
 *
 * @param status the HTTP status of the batch step (204 on success)
 * @param requestId Graph's request-id for the step, when it sent one (journals record it)
 * @param error null on success; else the failure with Graph's code and request-id ({@link
 *     AnchorConflictException} for an ObjectConflict)
 */
public record WriteOutcome(
    WriteRequest request, int status, String requestId, HardmatchException error) {

  public boolean succeeded() {
    return error == null;
  }

  /** 404: the object is already gone (a delete or purge whose end state already holds). */
  public boolean notFound() {
    return status == 404;
  }
}
