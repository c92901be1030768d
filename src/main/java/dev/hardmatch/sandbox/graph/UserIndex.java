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
 * (the benchmark's tenant) or a sync cycle over all of them never decodes or scans every user.
 *
 * <p>Kept up to date on every change, for the active users' {@code userPrincipalName}, {@code
 * onPremisesImmutableId} and primary SMTP address, and for the recycle bin's anchors. Other
 * properties get an index built on first use and dropped on the next change. Every answer is in
 * listing order: the order of {@link StoredUsers#seq}.
 *
 * <p>Keys are the state's lower-cased object ids. A value held by one user, the usual case, maps to
 * that key itself; only a value shared by several maps to a set of keys (at 500,000 users a set per
 * value would cost more than the users' own bytes). Not thread-safe: the owning state calls it
 * under its lock.
 */
final class UserIndex {
  /** The derived property: the {@code SMTP:} proxy address, else {@code mail}. */
  static final String PRIMARY_SMTP = "primarySmtp";

  private static final String UPN = "userPrincipalName";
  private static final String ANCHOR = "onPremisesImmutableId";
  private static final List<String> MAINTAINED = List.of(UPN, ANCHOR, PRIMARY_SMTP);

  private final StoredUsers users;
  private final StoredUsers deletedUsers;
  // property -> normalised value -> key (a String) or keys (a Set), for the active users
  private final Map<String, Map<String, Object>> active = new HashMap<>();
  // anchor -> key or keys, for the recycle bin
  private final Map<String, Object> deletedAnchors = new HashMap<>();
  // built on first use, dropped on any change to the active users
  private final Map<String, Map<String, Object>> lazy = new HashMap<>();

  /** Indexes these stores, which the owning state changes and then tells this index of. */
  UserIndex(StoredUsers users, StoredUsers deletedUsers) {
    this.users = users;
    this.deletedUsers = deletedUsers;
    MAINTAINED.forEach(p -> active.put(p, new HashMap<>()));
  }

  /** An active user was added or replaced ({@code previous} null when it is new). */
  void putActive(String key, ObjectNode previous, ObjectNode user) {
    lazy.clear();
    if (previous != null) {
      unindexActive(key, previous);
    }
    String upn = value(UPN, user);
    for (String property : MAINTAINED) {
      String value = value(property, user);
      // The primary SMTP address is mostly the UPN: one string serves both.
      add(active.get(property), value != null && value.equals(upn) ? upn : value, key);
    }
  }

  /** An active user left (deleted to the recycle bin, or gone). */
  void removeActive(String key, ObjectNode user) {
    lazy.clear();
    unindexActive(key, user);
  }

  private void unindexActive(String key, ObjectNode user) {
    for (String property : MAINTAINED) {
      remove(active.get(property), value(property, user), key);
    }
  }

  /** A user was put into the recycle bin ({@code previous}: the one it replaced, or null). */
  void putDeleted(String key, ObjectNode previous, ObjectNode user) {
    if (previous != null) {
      removeDeleted(key, previous);
    }
    add(deletedAnchors, value(ANCHOR, user), key);
  }

  /** A user left the recycle bin (purged or restored). */
  void removeDeleted(String key, ObjectNode user) {
    remove(deletedAnchors, value(ANCHOR, user), key);
  }

  /** Every user left both stores at once. */
  void clear() {
    lazy.clear();
    active.values().forEach(Map::clear);
    deletedAnchors.clear();
  }

  /**
   * Keys of the active users whose {@code property} equals one of {@code values} (anchors
   * case-sensitively, everything else ignoring case), in listing order; the users are decoded and
   * scanned only for a property that is not kept up to date.
   */
  List<String> activeKeys(String property, Collection<String> values) {
    Map<String, Object> index = active.get(property);
    if (index == null) {
      index = lazy.computeIfAbsent(property, this::build);
    }
    Set<String> hits = new LinkedHashSet<>();
    for (String value : values) {
      if (value != null) {
        addKeys(index.get(normalise(property, value)), hits);
      }
    }
    return inOrder(hits, users);
  }

  /** These keys of active users in listing order. */
  List<String> activeInOrder(Collection<String> keys) {
    return inOrder(keys, users);
  }

  /** Keys of the recycle-bin users holding this anchor, in listing order. */
  List<String> deletedKeysWithAnchor(String anchor) {
    Set<String> hits = new LinkedHashSet<>();
    addKeys(deletedAnchors.get(anchor), hits);
    return inOrder(hits, deletedUsers);
  }

  private Map<String, Object> build(String property) {
    Map<String, Object> index = new HashMap<>();
    users.forEach((key, u) -> add(index, value(property, u), key));
    return index;
  }

  private static List<String> inOrder(Collection<String> keys, StoredUsers store) {
    List<String> out = new ArrayList<>(keys);
    if (out.size() > 1) {
      out.sort(Comparator.comparingLong(store::seq));
    }
    return out;
  }

  /** Adds a key under a value (nothing for a null value): the key alone, or a set of keys. */
  private static void add(Map<String, Object> index, String value, String key) {
    if (value == null) {
      return;
    }
    Object held = index.putIfAbsent(value, key);
    if (held == null || held.equals(key)) {
      return;
    }
    if (held instanceof String single) {
      Set<String> keys = new LinkedHashSet<>();
      keys.add(single);
      keys.add(key);
      index.put(value, keys);
    } else {
      keysOf(held).add(key);
    }
  }

  private static void remove(Map<String, Object> index, String value, String key) {
    if (value == null) {
      return;
    }
    Object held = index.get(value);
    if (held instanceof String single) {
      if (single.equals(key)) {
        index.remove(value);
      }
    } else if (held != null) {
      Set<String> keys = keysOf(held);
      if (keys.remove(key) && keys.size() == 1) {
        index.put(value, keys.iterator().next());
      }
    }
  }

  private static void addKeys(Object held, Collection<String> into) {
    if (held instanceof String single) {
      into.add(single);
    } else if (held != null) {
      into.addAll(keysOf(held));
    }
  }

  @SuppressWarnings("unchecked")
  private static Set<String> keysOf(Object held) {
    return (Set<String>) held;
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
