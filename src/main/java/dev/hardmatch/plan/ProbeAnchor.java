package dev.hardmatch.plan;

/**
 * The placeholder ImmutableId apply writes to a target before it deletes or purges anything for
 * that link (README, "Apply: gates, journal, resume"): proof that Entra accepts an
 * onPremisesImmutableId write on the target, while nothing irreversible has happened yet.
 *
 * <p>Why a real write and not a read: the refusals that matter (a missing User.ReadWrite.All, a
 * previously synced target answering 400, a policy refusing the PATCH) are decided by Graph on the
 * write itself; no read predicts all of them. Why this value: {@code hardmatch-probe-<objectId>} is
 * no Base64 of 16 octets, so no AD object's anchor can ever equal it and sync can never hard-match
 * on it; the object id keeps it unique in the tenant (no ObjectConflict between two targets); the
 * prefix makes it recognisable, so the stale-plan gate, the executor and the planner treat it as
 * hardmatch's own intermediate state, and a crash after the probe leaves a state from which running
 * apply again completes.
 */
public final class ProbeAnchor {
  static final String PREFIX = "hardmatch-probe-";

  private ProbeAnchor() {}

  /** The placeholder for the target with this object id. */
  public static String of(String objectId) {
    return PREFIX + objectId;
  }

  /** Whether {@code value} is the placeholder apply writes to {@code objectId}. */
  public static boolean isFor(String value, String objectId) {
    return value != null && objectId != null && value.equals(of(objectId));
  }

  /** Whether {@code value} is any hardmatch placeholder. */
  public static boolean is(String value) {
    return value != null && value.startsWith(PREFIX);
  }

  /**
   * What a target's onPremisesImmutableId stands for: its own placeholder counts as the value
   * hardmatch found before probing, {@code from}.
   */
  public static boolean startsFrom(String current, String objectId, String from) {
    return java.util.Objects.equals(from, current) || isFor(current, objectId);
  }
}
