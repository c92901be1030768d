package dev.hardmatch.apply;

/** A step stopped its link; carries what the user needs to know. */
final class StepFailed extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final boolean syncRace;

  StepFailed(String message, boolean syncRace, Throwable cause) {
    super(message, cause);
    this.syncRace = syncRace;
  }
}
