package dev.hardmatch.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hardmatch.HardmatchException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The port to Entra ID. Reads in bulk (docs/performance.md): UPNs and anchors with {@code in} (15)
 * inside {@code $batch} (20); recycle bin and roles listed once. Every failure is a {@link
 * dev.hardmatch.HardmatchException} with Graph's code and request-id in its message.
 */
public interface Tenant extends AutoCloseable {

  Organization organization();

  /** Everything the planner needs for these target UPNs and candidate ImmutableIds. */
  TenantSnapshot read(Collection<String> upns, Collection<String> immutableIds);

  /**
   * As {@link #read(Collection, Collection)}, also finding the users whose
   * onPremisesSecurityIdentifier is the objectSid of one of the AD users in {@code sidsBySam}
   * (sAMAccountName → objectSid): the duplicates Entra Connect created, with the anchor it
   * computed; and the 2026 hard-match reads. Adapters that cannot look them up find none.
   */
  default TenantSnapshot read(
      Collection<String> upns, Collection<String> immutableIds, Map<String, String> sidsBySam) {
    return read(upns, immutableIds);
  }

  /**
   * Every user, active and in the recycle bin, and the role holders, for discovery: paged listings,
   * no request per user.
   */
  TenantUsers listUsers();

  /** An active user by id, with every property a backup needs; empty when not found. */
  Optional<CloudUser> user(String id);

  /** A user in the recycle bin by id; empty when not there. */
  Optional<CloudUser> deletedUser(String id);

  /**
   * Complete backups of the users {@code ids} before a delete ({@code deleted} false: active users,
   * with {@code manager} and {@code memberOf}) or a purge ({@code deleted} true: users in the
   * recycle bin), each as Graph returns it, by id; an id Graph no longer knows is left out. Reads
   * go in bulk. None by default (fakes; the journal then holds the object as read for the step).
   */
  default Map<String, JsonNode> backups(Collection<String> ids, boolean deleted) {
    return Map.of();
  }

  /** Active users holding {@code immutableId} (advanced query). */
  List<CloudUser> holders(String immutableId);

  /** Soft-deletes a user (to the recycle bin). Returns Graph's request-id. */
  String deleteUser(String id);

  /** Permanently deletes a user from the recycle bin. Returns Graph's request-id. */
  String purgeDeletedUser(String id);

  /**
   * Sets onPremisesImmutableId; {@code null} clears it (sent as a JSON null, the one form Graph
   * accepts: docs/apply.md, "Unlink"). Returns Graph's request-id. An ObjectConflict is raised as
   * {@link AnchorConflictException}.
   */
  String setImmutableId(String id, String immutableId);

  /**
   * Restores a user from the recycle bin ({@code POST /directory/deletedItems/{id}/restore}).
   * Returns Graph's request-id.
   */
  String restoreDeletedUser(String id);

  /**
   * Many independent writes at once, one outcome per write in the given order; a refused write does
   * not stop the others. The Graph adapter packs them into paced {@code $batch}es; this default
   * sends them one by one (for fakes and small runs), with status 0 when a write failed.
   */
  default List<WriteOutcome> writeBatch(List<WriteRequest> writes) {
    List<WriteOutcome> outcomes = new ArrayList<>();
    for (WriteRequest write : writes) {
      try {
        String requestId;
        if (write.type() == WriteRequest.Type.DELETE_USER) {
          requestId = deleteUser(write.objectId());
        } else if (write.type() == WriteRequest.Type.PURGE_DELETED_USER) {
          requestId = purgeDeletedUser(write.objectId());
        } else {
          requestId = setImmutableId(write.objectId(), write.immutableId());
        }
        outcomes.add(new WriteOutcome(write, 204, requestId, null));
      } catch (HardmatchException e) {
        String requestId =
            e instanceof AnchorConflictException ? ((AnchorConflictException) e).requestId() : null;
        outcomes.add(new WriteOutcome(write, 0, requestId, e));
      }
    }
    return outcomes;
  }

  /**
   * The hard-match takeover window (delegated Global Administrator only).
   *
   * @throws HardmatchException when the credential may not read it, with the fix
   */
  default TakeoverWindow takeoverWindow() {
    throw new UnsupportedOperationException("this tenant adapter cannot read the takeover flag");
  }

  /**
   * Blocks ({@code true}) or allows hard matches; returns the window as it was before.
   *
   * @throws HardmatchException when the credential may not change it, with the fix
   */
  default TakeoverWindow setTakeoverBlocked(boolean blocked) {
    throw new UnsupportedOperationException("this tenant adapter cannot change the takeover flag");
  }

  /**
   * {@code hardmatch doctor}'s reads: one request per permission hardmatch needs, each answer
   * recorded (never thrown), and up to {@code sampleSize} users Entra Connect synced. Writes
   * nothing.
   */
  default TenantDiagnosis diagnose(int sampleSize) {
    throw new UnsupportedOperationException("this tenant adapter cannot be diagnosed");
  }

  /** Graph HTTP requests sent so far (for the performance tests and the benchmark). */
  int requestCount();

  @Override
  void close();
}
