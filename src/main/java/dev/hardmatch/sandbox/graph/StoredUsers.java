package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A {@link TenantState}'s users (active, or in the recycle bin), each kept as its compact JSON
 * bytes: a user as a tree of JSON nodes takes about six times the memory of its text, and at
 * 500,000 users the trees alone outgrow the sandbox's heap (docs/performance.md, "The sandbox at
 * scale").
 *
 * <p>An insertion-ordered map from the lower-cased object id to the user, in the order Graph lists
 * them: a replaced user keeps its place, a removed and added one goes last. Every node it gives out
 * is freshly decoded, so it is the caller's own copy; a node put in is encoded at once, so later
 * changes to it are not seen (put it again to store them).
 *
 * <p>Each user carries the sequence number of its insertion ({@link #seq}), which orders index hits
 * ({@link UserIndex}) exactly as the listing. Not thread-safe: the owning state calls it under its
 * lock.
 */
final class StoredUsers {
  private static final ObjectWriter WRITER =
      TenantState.JSON.writer().without(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectReader READER = TenantState.JSON.reader();

  /** One user's JSON bytes and its place in the listing. */
  private static final class Stored {
    private byte[] json;
    private final long seq;

    private Stored(byte[] json, long seq) {
      this.json = json;
      this.seq = seq;
    }
  }

  private final Map<String, Stored> byKey = new LinkedHashMap<>();
  private long nextSeq;

  int size() {
    return byKey.size();
  }

  /** The user under this key, freshly decoded; null when there is none. */
  ObjectNode get(String key) {
    Stored s = byKey.get(key);
    return s == null ? null : decode(s.json);
  }

  /**
   * Stores the user under this key, in the place of the one it replaces (else last); returns the
   * replaced user, decoded, or null.
   */
  ObjectNode put(String key, ObjectNode user) {
    byte[] json = encode(user);
    Stored previous = byKey.get(key);
    if (previous == null) {
      byKey.put(key, new Stored(json, nextSeq++));
      return null;
    }
    ObjectNode replaced = decode(previous.json);
    previous.json = json;
    return replaced;
  }

  /** Removes the user under this key; returns it, decoded, or null. */
  ObjectNode remove(String key) {
    Stored s = byKey.remove(key);
    return s == null ? null : decode(s.json);
  }

  void clear() {
    byKey.clear();
  }

  /** The key's place in the listing: a smaller number is listed first. */
  long seq(String key) {
    Stored s = byKey.get(key);
    if (s == null) {
      throw new IllegalArgumentException("no stored user " + key);
    }
    return s.seq;
  }

  /** Every user, decoded, in listing order. */
  List<ObjectNode> list() {
    List<ObjectNode> out = new ArrayList<>(byKey.size());
    byKey.values().forEach(s -> out.add(decode(s.json)));
    return out;
  }

  /** The users at places {@code from} (inclusive) to {@code to} (exclusive), decoded: a page. */
  List<ObjectNode> slice(int from, int to) {
    List<ObjectNode> out = new ArrayList<>(Math.max(0, Math.min(to, byKey.size()) - from));
    int at = 0;
    for (Stored s : byKey.values()) {
      if (at >= to) {
        break;
      }
      if (at++ >= from) {
        out.add(decode(s.json));
      }
    }
    return out;
  }

  /** Every user in listing order, each decoded as the iteration reaches it. */
  Iterable<ObjectNode> values() {
    return () -> {
      Iterator<Stored> it = byKey.values().iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public ObjectNode next() {
          return decode(it.next().json);
        }
      };
    };
  }

  /** Each key with its user, decoded, in listing order. */
  void forEach(BiConsumer<String, ObjectNode> action) {
    byKey.forEach((key, s) -> action.accept(key, decode(s.json)));
  }

  private static byte[] encode(ObjectNode user) {
    try {
      return WRITER.writeValueAsBytes(user);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode decode(byte[] json) {
    try {
      return (ObjectNode) READER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
