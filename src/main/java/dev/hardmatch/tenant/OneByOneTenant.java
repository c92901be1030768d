package dev.hardmatch.tenant;

import java.util.Collection;
import java.util.List;

/**
 * The benchmark's naive strategy: the same Graph adapter, but every lookup and every write is its
 * own HTTP request ({@link GraphTenant#readOneByOne}, {@link GraphTenant#writeOneByOne}). It reads
 * the same snapshot and reaches the same end state as the bulk path; it exists only so the
 * benchmark can show what bulk saves. Never use it for real work.
 */
public final class OneByOneTenant extends ForwardingTenant {
  private final GraphTenant graph;

  public OneByOneTenant(GraphTenant graph) {
    super(graph);
    this.graph = graph;
  }

  @Override
  public TenantSnapshot read(Collection<String> upns, Collection<String> immutableIds) {
    return graph.readOneByOne(upns, immutableIds);
  }

  @Override
  public List<WriteOutcome> writeBatch(List<WriteRequest> writes) {
    return graph.writeOneByOne(writes);
  }
}
