package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Lookup indexes of a {@link TenantState}'s active users by property, built on first use after a
 * change: an {@code in} lookup in a tenant of 50,000 users must not copy and scan all of them (the
 * benchmark's tenant). Not thread-safe: the owning state calls it under its lock.
 */
final class UserIndex {
  private final Map<String, Map<String, List<Integer>>> indexes = new HashMap<>();
  private List<ObjectNode> ordered;

  /**
   * Copies of the users whose {@code property} equals one of {@code values} (anchors
   * case-sensitively, everything else ignoring case), in the order of {@code users}.
   */
  List<ObjectNode> usersWhere(
      String property, Collection<String> values, Collection<ObjectNode> users) {
    Map<String, List<Integer>> index = indexes.get(property);
    if (index == null) {
      index = new HashMap<>();
      int position = 0;
      for (ObjectNode u : users) {
        JsonNode v = u.get(property);
        if (v != null && !v.isNull()) {
          index
              .computeIfAbsent(normalise(property, v.asText()), k -> new ArrayList<>())
              .add(position);
        }
        position++;
      }
      indexes.put(property, index);
      if (ordered == null) {
        ordered = new ArrayList<>(users);
      }
    }
    TreeSet<Integer> hits = new TreeSet<>();
    for (String value : values) {
      if (value != null) {
        hits.addAll(index.getOrDefault(normalise(property, value), List.of()));
      }
    }
    List<ObjectNode> out = new ArrayList<>(hits.size());
    for (int position : hits) {
      out.add(ordered.get(position).deepCopy());
    }
    return out;
  }

  private static String normalise(String property, String value) {
    return property.equals("onPremisesImmutableId") ? value : value.toLowerCase(Locale.ROOT);
  }

  /** Forgets every index (after any change to the active users). */
  void clear() {
    indexes.clear();
    ordered = null;
  }
}
