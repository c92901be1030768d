package dev.hardmatch.directory;

/**
 * An AD user as the whole-directory listing reads it for discovery: the user as plan reads it, and
 * what else can tie it to a cloud account.
 *
 * @param objectSid the raw octets of objectSid, or null
 */
public record DirectoryUser(AdUser user, String employeeId, byte[] objectSid) {

  /** userAccountControl's ACCOUNTDISABLE bit (0x2) is not set. */
  public boolean enabled() {
    return (user.userAccountControl() & 2) == 0;
  }
}
