package dev.hardmatch.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Tenant} that forwards every method to another one; subclasses override what they change
 * (the benchmark's naive strategy, test decorators that inject faults). {@link #writeBatch} is
 * deliberately not forwarded: it stays the port's default, one write at a time through this
 * object's own write methods, so a decorator that overrides them sees every write.
 */
public abstract class ForwardingTenant implements Tenant {
  protected final Tenant inner;

  protected ForwardingTenant(Tenant inner) {
    this.inner = inner;
  }

  @Override
  public Organization organization() {
    return inner.organization();
  }

  @Override
  public TenantSnapshot read(Collection<String> upns, Collection<String> immutableIds) {
    return inner.read(upns, immutableIds);
  }

  @Override
  public TenantSnapshot read(
      Collection<String> upns, Collection<String> immutableIds, Map<String, String> sidsBySam) {
    return inner.read(upns, immutableIds, sidsBySam);
  }

  @Override
  public TenantUsers listUsers() {
    return inner.listUsers();
  }

  @Override
  public Optional<CloudUser> user(String id) {
    return inner.user(id);
  }

  @Override
  public Optional<CloudUser> deletedUser(String id) {
    return inner.deletedUser(id);
  }

  @Override
  public List<CloudUser> holders(String immutableId) {
    return inner.holders(immutableId);
  }

  @Override
  public String deleteUser(String id) {
    return inner.deleteUser(id);
  }

  @Override
  public String purgeDeletedUser(String id) {
    return inner.purgeDeletedUser(id);
  }

  @Override
  public String setImmutableId(String id, String immutableId) {
    return inner.setImmutableId(id, immutableId);
  }

  @Override
  public TakeoverWindow takeoverWindow() {
    return inner.takeoverWindow();
  }

  @Override
  public TakeoverWindow setTakeoverBlocked(boolean blocked) {
    return inner.setTakeoverBlocked(blocked);
  }

  @Override
  public Map<String, JsonNode> backups(Collection<String> ids, boolean deleted) {
    return inner.backups(ids, deleted);
  }

  @Override
  public String restoreDeletedUser(String id) {
    return inner.restoreDeletedUser(id);
  }

  @Override
  public int requestCount() {
    return inner.requestCount();
  }

  @Override
  public void close() {
    inner.close();
  }
}
