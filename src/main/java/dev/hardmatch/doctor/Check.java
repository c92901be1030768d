package dev.hardmatch.doctor;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * One line of {@code hardmatch doctor} (docs/doctor.md).
 *
 * @param name what was checked, stable across runs (e.g. {@code ldap bind}, {@code permission
 *     Organization.Read.All})
 * @param detail what was found
 * @param fix how to fix it; null exactly when the status is {@link Status#OK}
 */
public record Check(String name, Status status, String detail, String fix) {

  /** ok, warn (works, with a caveat or not provable) or fail (a command will fail or do harm). */
  public enum Status {
    OK,
    WARN,
    FAIL;

    @JsonValue
    public String text() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Check {
    if ((status == Status.OK) != (fix == null)) {
      throw new IllegalArgumentException("a fix exactly when not ok: " + name);
    }
  }

  static Check ok(String name, String detail) {
    return new Check(name, Status.OK, detail, null);
  }

  static Check warn(String name, String detail, String fix) {
    return new Check(name, Status.WARN, detail, fix);
  }

  static Check fail(String name, String detail, String fix) {
    return new Check(name, Status.FAIL, detail, fix);
  }

  /** A check that could not run because an earlier one failed. */
  static Check notChecked(String name, String because) {
    return warn(
        name, "not checked: " + because, "fix the failing check above, then run doctor again");
  }
}
