package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Lookup indexes of a {@link TenantState}'s users, so that a lookup in a tenant of 50,000 users
 * (the benchmark's tenant) or a sync cycle over all of them never copies or scans every user.
 *
 * <p>Kept up to date on every change, for the active users' {@code userPrincipalName}, {@code
 * onPremisesImmutableId} and primary SMTP address, and for the recycle bin's anchors. Other
 * properties get an index built on first use and dropped on the next change. Every answer is in
 * listing order: each user carries the sequence number of its insertion, which is exactly the order
 * of the state's insertion-ordered maps (a replaced user keeps its place).
 *
 * <p>Keys are the state's lower-cased object ids. Not thread-safe: the owning state calls it under
 * its lock.
 */
final class UserIndex {
  /** The derived property: the {@code SMTP:} proxy address, else {@code mail}. */
  static final String PRIMARY_SMTP = "primarySmtp";

  private static final List<String> MAINTAINED =
      List.of("userPrincipalName", "onPremisesImmutableId", PRIMARY_SMTP);
  private static final String ANCHOR = "onPremisesImmutableId";

  private long nextSeq;
  private final Map<String, Long> activeSeq = new HashMap<>();
  private final Map<String, Long> deletedSeq = new HashMap<>();
  // property -> normalised value -> keys, for the active users
  private final Map<String, Map<String, Set<String>>> active = new HashMap<>();
  // anchor -> keys, for the recycle bin
  private final Map<String, Set<String>> deletedAnchors = new HashMap<>();
  // built on first use, dropped on any change to the active users
  private final Map<String, Map<String, List<String>>> lazy = new HashMap<>();

  UserIndex() {
    MAINTAINED.forEach(p -> active.put(p, new HashMap<>()));
  }

  /** An active user was added or replaced ({@code previous} null when it is new). */
  void putActive(String key, ObjectNode previous, ObjectNode user) {
    lazy.clear();
    if (previous != null) {
      unindexActive(key, previous);
    }
    activeSeq.computeIfAbsent(key, k -> nextSeq++);
    for (String property : MAINTAINED) {
      String value = value(property, user);
      if (value != null) {
        active.get(property).computeIfAbsent(value, v -> new LinkedHashSet<>()).add(key);
      }
    }
  }

  /** An active user left (deleted to the recycle bin, or gone). */
  void removeActive(String key, ObjectNode user) {
    lazy.clear();
    unindexActive(key, user);
    activeSeq.remove(key);
  }

  private void unindexActive(String key, ObjectNode user) {
    for (String property : MAINTAINED) {
      String value = value(property, user);
      if (value != null) {
        remove(active.get(property), value, key);
      }
    }
  }

  /** A user was put into the recycle bin ({@code previous}: the one it replaced, or null). */
  void putDeleted(String key, ObjectNode previous, ObjectNode user) {
    if (previous != null) {
      removeDeleted(key, previous);
    }
    deletedSeq.computeIfAbsent(key, k -> nextSeq++);
    String anchor = value(ANCHOR, user);
    if (anchor != null) {
      deletedAnchors.computeIfAbsent(anchor, v -> new LinkedHashSet<>()).add(key);
    }
  }

  /** A user left the recycle bin (purged or restored). */
  void removeDeleted(String key, ObjectNode user) {
    String anchor = value(ANCHOR, user);
    if (anchor != null) {
      remove(deletedAnchors, anchor, key);
    }
    deletedSeq.remove(key);
  }

  /**
   * Keys of the active users whose {@code property} equals one of {@code values} (anchors
   * case-sensitively, everything else ignoring case), in listing order; {@code users} (in listing
   * order) is scanned only for a property that is not kept up to date.
   */
  List<String> activeKeys(
      String property, Collection<String> values, Map<String, ObjectNode> users) {
    Set<String> hits = new LinkedHashSet<>();
    Map<String, Set<String>> maintained = active.get(property);
    if (maintained != null) {
      for (String value : values) {
        if (value != null) {
          hits.addAll(maintained.getOrDefault(normalise(property, value), Set.of()));
        }
      }
    } else {
      Map<String, List<String>> index = lazy.computeIfAbsent(property, p -> build(p, users));
      for (String value : values) {
        if (value != null) {
          hits.addAll(index.getOrDefault(normalise(property, value), List.of()));
        }
      }
    }
    return inOrder(hits, activeSeq);
  }

  /** These keys of active users in listing order. */
  List<String> activeInOrder(Collection<String> keys) {
    return inOrder(keys, activeSeq);
  }

  /** Keys of the recycle-bin users holding this anchor, in listing order. */
  List<String> deletedKeysWithAnchor(String anchor) {
    return inOrder(deletedAnchors.getOrDefault(anchor, Set.of()), deletedSeq);
  }

  private static Map<String, List<String>> build(String property, Map<String, ObjectNode> users) {
    Map<String, List<String>> index = new HashMap<>();
    users.forEach(
        (key, u) -> {
          String value = value(property, u);
          if (value != null) {
            index.computeIfAbsent(value, k -> new ArrayList<>()).add(key);
          }
        });
    return index;
  }

  private static List<String> inOrder(Collection<String> keys, Map<String, Long> seq) {
    List<String> out = new ArrayList<>(keys);
    if (out.size() > 1) {
      out.sort(Comparator.comparing(seq::get));
    }
    return out;
  }

  private static void remove(Map<String, Set<String>> index, String value, String key) {
    Set<String> keys = index.get(value);
    if (keys != null && keys.remove(key) && keys.isEmpty()) {
      index.remove(value);
    }
  }

  /** The normalised value a user holds for a property; null when it holds none. */
  private static String value(String property, JsonNode user) {
    if (property.equals(PRIMARY_SMTP)) {
      String smtp = primarySmtp(user);
      return smtp == null ? null : normalise(property, smtp);
    }
    JsonNode v = user.get(property);
    return v == null || v.isNull() ? null : normalise(property, v.asText());
  }

  /** The user's primary SMTP address: the {@code SMTP:} proxy address, else {@code mail}. */
  static String primarySmtp(JsonNode user) {
    for (JsonNode p : user.path("proxyAddresses")) {
      if (p.asText().startsWith("SMTP:")) {
        return p.asText().substring(5);
      }
    }
    JsonNode mail = user.get("mail");
    return mail == null || mail.isNull() ? null : mail.asText();
  }

  private static String normalise(String property, String value) {
    return property.equals(ANCHOR) ? value : value.toLowerCase(Locale.ROOT);
  }
}
