package dev.hardmatch.tenant;

/**
 * What Graph answered one of doctor's reads.
 *
 * @param status the HTTP status; -1 when Graph never answered (network, sign-in)
 * @param code Graph's error code (e.g. {@code Authorization_RequestDenied}), or null
 * @param failure the failure in the words every command uses (status, code, message, request-id),
 *     or null when the read succeeded
 * @param fix how to fix that failure, or null
 */
public record GraphProbe(int status, String code, String failure, String fix) {
  static final GraphProbe OK = new GraphProbe(200, null, null, null);

  public boolean ok() {
    return status >= 200 && status < 300;
  }
}
