package dev.hardmatch.tenant;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark's naive strategy: the same Graph adapter, but every lookup and every write is its
 * own HTTP request ({@link GraphTenant#readOneByOne}, {@link GraphTenant#writeOneByOne}). It reads
 * the same snapshot and reaches the same end state as the bulk path; it exists only so the
 * benchmark can show what bulk saves. Never use it for real work.
 */
public final class OneByOneTenant implements Tenant {
  private final GraphTenant graph;

  public OneByOneTenant(GraphTenant graph) {
    this.graph = graph;
  }

  @Override
  public Organization organization() {
    return graph.organization();
  }

  @Override
  public TenantSnapshot read(Collection<String> upns, Collection<String> immutableIds) {
    return graph.readOneByOne(upns, immutableIds);
  }

  @Override
  public List<WriteOutcome> writeBatch(List<WriteRequest> writes) {
    return graph.writeOneByOne(writes);
  }

  @Override
  public Optional<CloudUser> user(String id) {
    return graph.user(id);
  }

  @Override
  public Optional<CloudUser> deletedUser(String id) {
    return graph.deletedUser(id);
  }

  @Override
  public List<CloudUser> holders(String immutableId) {
    return graph.holders(immutableId);
  }

  @Override
  public String deleteUser(String id) {
    return graph.deleteUser(id);
  }

  @Override
  public String purgeDeletedUser(String id) {
    return graph.purgeDeletedUser(id);
  }

  @Override
  public String setImmutableId(String id, String immutableId) {
    return graph.setImmutableId(id, immutableId);
  }

  @Override
  public int requestCount() {
    return graph.requestCount();
  }

  @Override
  public void close() {
    graph.close();
  }
}
