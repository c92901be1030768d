package dev.hardmatch.tenant;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The port to Entra ID. Reads in bulk (DESIGN §10): UPNs and anchors with {@code in} (15) inside
 * {@code $batch} (20); recycle bin and roles listed once. Every failure is a {@link
 * dev.hardmatch.HardmatchException} with Graph's code and request-id in its message.
 */
public interface Tenant extends AutoCloseable {

  Organization organization();

  /** Everything the planner needs for these target UPNs and candidate ImmutableIds. */
  TenantSnapshot read(Collection<String> upns, Collection<String> immutableIds);

  /** An active user by id, with every property a backup needs; empty when not found. */
  Optional<CloudUser> user(String id);

  /** A user in the recycle bin by id; empty when not there. */
  Optional<CloudUser> deletedUser(String id);

  /** Active users holding {@code immutableId} (advanced query). */
  List<CloudUser> holders(String immutableId);

  /** Soft-deletes a user (to the recycle bin). Returns Graph's request-id. */
  String deleteUser(String id);

  /** Permanently deletes a user from the recycle bin. Returns Graph's request-id. */
  String purgeDeletedUser(String id);

  /**
   * Sets onPremisesImmutableId. Returns Graph's request-id. An ObjectConflict is raised as {@link
   * AnchorConflictException}.
   */
  String setImmutableId(String id, String immutableId);

  /** Graph HTTP requests sent so far (for the performance tests and the benchmark). */
  int requestCount();

  @Override
  void close();
}
