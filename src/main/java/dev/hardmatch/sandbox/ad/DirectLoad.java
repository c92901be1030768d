package dev.hardmatch.sandbox.ad;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ReadOnlyEntry;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Loads a whole, already checked LDIF into the in-memory directory at once, before it listens
 * (docs/performance.md, "The sandbox at scale").
 *
 * <p>The server's own add path costs about five lookups in its DN-ordered map per entry, each DN
 * comparison normalising every RDN again, plus a second schema check of an entry {@link
 * AdEntries#checkEntry} has already checked: minutes for 500,000 users. Here every entry is turned
 * into exactly what that add path would store (schema-aware attributes, the RDN values, the class
 * chain as the server orders it), the entries are sorted once by precomputed normalised RDNs, the
 * order is verified with the server's own DN comparison (linear), and the server's map is filled
 * from that sorted run without comparisons; its equality indexes get every entry as an add would
 * give it.
 *
 * <p>The strict behaviour stays: schema and AD rules are checked with their lines before this runs
 * (the same {@code EntryValidator} the server uses, with every check it makes), and whatever this
 * cannot prove equal to the server's add — a duplicate DN, a child before its parent, a referral
 * object, an operational attribute a client may not set, a library whose internals differ from the
 * version this was written for — returns false before anything is changed, and the caller adds
 * entry by entry through the server, with the server's messages.
 */
final class DirectLoad {
  private static final Internals INTERNALS = Internals.find();

  /** Off only in tests that compare this load with the server's add path. */
  static volatile boolean enabled = true;

  /** How many loads went this way (tests check they did). */
  static final AtomicInteger LOADS = new AtomicInteger();

  private DirectLoad() {}

  /** One entry as the server's add would store it, with its sort key. */
  private record Prepared(DN dn, ReadOnlyEntry entry, String[] key) {}

  /**
   * Adds {@code entries} (LDIF order; {@code base} first, added here when missing) to the empty,
   * not yet listening {@code server}; false (nothing changed in the server) when the server's add
   * path must do it. Each entry of the list is replaced, as it is prepared, by the entry the
   * server's add would store for it, which that add path stores unchanged.
   */
  static boolean load(InMemoryDirectoryServer server, Schema schema, DN base, List<Entry> entries) {
    if (!enabled || INTERNALS == null || schema == null) {
      return false;
    }
    Prepared[] prepared = new Prepared[entries.size()];
    AtomicBoolean ok = new AtomicBoolean(true);
    Shared shared = new Shared(schema);
    IntStream.range(0, entries.size())
        .parallel()
        .forEach(
            i -> {
              Prepared p = prepare(entries.get(i), schema, shared);
              if (p == null) {
                ok.set(false);
              } else {
                prepared[i] = p;
                // The server's add stores the same for this entry as for the parsed one, so
                // the caller's add path may take it instead; the parsed copy can go now.
                entries.set(i, p.entry());
              }
            });
    if (!ok.get() || !parentsFirst(prepared, base)) {
      return false;
    }
    Prepared[] sorted = prepared.clone();
    Arrays.parallelSort(sorted, BY_KEY);
    for (int i = 1; i < sorted.length; i++) {
      // The server's own order decides; the precomputed keys only make the sort cheap.
      if (sorted[i - 1].dn().compareTo(sorted[i].dn()) >= 0) {
        Arrays.parallelSort(sorted, Comparator.comparing(Prepared::dn));
        break;
      }
    }
    try {
      boolean filled = INTERNALS.fill(server, sorted, prepared);
      if (filled) {
        LOADS.incrementAndGet();
      }
      return filled;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** Unique DNs, each entry's parent (base excepted) added before it. */
  private static boolean parentsFirst(Prepared[] prepared, DN base) {
    Set<DN> seen = new HashSet<>(prepared.length * 2);
    for (Prepared p : prepared) {
      DN parent = p.dn().getParent();
      boolean isBase = p.dn().equals(base);
      if (!seen.add(p.dn()) || !(isBase || (parent != null && seen.contains(parent)))) {
        return false;
      }
    }
    return prepared.length > 0;
  }

  /**
   * The entry the server's add would store (InMemoryRequestHandler.processAddRequest of the
   * UnboundID LDAP SDK): attributes with the schema's equality rules, the RDN values, the class
   * chain; null where that add would refuse or treat the entry specially.
   */
  private static Prepared prepare(Entry given, Schema schema, Shared shared) {
    List<Attribute> attributes = new ArrayList<>(given.getAttributes().size() + 1);
    for (Attribute a : given.getAttributes()) {
      AttributeTypeDefinition type = schema.getAttributeType(a.getBaseName());
      if (type == null || type.isNoUserModification()) {
        return null;
      }
      attributes.add(
          new Attribute(
              // One String per attribute name, not one per entry and line.
              a.getName().intern(), shared.rule(a.getBaseName()), bytesOnly(a.getRawValues())));
    }
    DN dn;
    try {
      dn = sharedParentDn(given, schema, shared.parents());
    } catch (LDAPException e) {
      return null;
    }
    if (dn.isNullDN()) {
      return null;
    }
    Entry entry = new Entry(dn, schema, attributes);
    if (entry.hasObjectClass("referral")) {
      return null;
    }
    RDN rdn = dn.getRDN();
    String[] names = rdn.getAttributeNames();
    byte[][] values = rdn.getByteArrayAttributeValues();
    for (int i = 0; i < names.length; i++) {
      MatchingRule rule = shared.rule(names[i]);
      // The add merges the RDN's value into the attribute; one the entry holds stays as it is.
      if (!entry.hasAttributeValue(names[i], values[i], rule)) {
        entry.addAttribute(new Attribute(names[i], rule, values[i]));
      }
    }
    String[] classes = entry.getObjectClassValues();
    if (classes != null) {
      entry.setAttribute(shared.classChain(classes));
    }
    RDN[] rdns = dn.getRDNs();
    String[] key = new String[rdns.length];
    for (int i = 0; i < rdns.length; i++) {
      key[i] = rdns[rdns.length - 1 - i].toNormalizedString();
    }
    return new Prepared(dn, new ReadOnlyEntry(entry), key);
  }

  /**
   * What entries of one load share: parent DNs, the equality rule of each attribute name, and the
   * objectClass attribute of each class list (one immutable Attribute for every entry with the same
   * classes: at 500,000 users five values and their strings per entry).
   */
  private record Shared(
      Schema schema,
      Map<String, DN> parents,
      Map<String, MatchingRule> rules,
      Map<List<String>, Attribute> chains) {
    Shared(Schema schema) {
      this(schema, new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }

    MatchingRule rule(String name) {
      return rules.computeIfAbsent(
          name.toLowerCase(Locale.ROOT), n -> MatchingRule.selectEqualityMatchingRule(n, schema));
    }

    /** The class chain as the server's add orders it: each class, then its superiors. */
    Attribute classChain(String[] classes) {
      return chains.computeIfAbsent(
          List.of(classes),
          given -> {
            Map<String, String> chain = new LinkedHashMap<>();
            for (String name : given) {
              ObjectClassDefinition oc = schema.getObjectClass(name);
              if (oc == null) {
                chain.put(name.toLowerCase(Locale.ROOT), name);
              } else {
                chain.put(oc.getNameOrOID().toLowerCase(Locale.ROOT), name);
                for (ObjectClassDefinition sup : oc.getSuperiorClasses(schema, true)) {
                  chain.put(sup.getNameOrOID().toLowerCase(Locale.ROOT), sup.getNameOrOID());
                }
              }
            }
            return new Attribute(
                "objectClass", rule("objectClass"), chain.values().toArray(new String[0]));
          });
    }
  }

  /**
   * The entry's DN as the server parses it (with the schema), its parent one object shared by all
   * the parent's children, and their RDNs with it: at 500,000 users the repeated OU=…,DC=… RDNs
   * were a third of the directory's memory. Parents are keyed by their text as written, so two
   * spellings never share; a DN whose text would not come back the same is parsed whole.
   */
  private static DN sharedParentDn(Entry given, Schema schema, Map<String, DN> parents)
      throws LDAPException {
    DN written = given.getParsedDN();
    if (written.isNullDN() || written.getRDNs().length < 2) {
      return new DN(given.getDN(), schema);
    }
    String parentText = written.getParentString();
    DN parent = parents.get(parentText);
    if (parent == null) {
      parent = parents.computeIfAbsent(parentText, t -> parse(t, schema));
    }
    DN dn = parent == null ? null : new DN(new RDN(written.getRDN().toString(), schema), parent);
    return dn != null && dn.toString().equals(given.getDN()) ? dn : new DN(given.getDN(), schema);
  }

  private static DN parse(String dn, Schema schema) {
    try {
      return new DN(dn, schema);
    } catch (LDAPException e) {
      return null; // computeIfAbsent keeps nothing; the caller parses the whole DN
    }
  }

  /**
   * The values as the server's add gets them from the wire: bytes only. The LDIF reader's values
   * also keep their text, which the server would hold beside the bytes for every value.
   */
  private static ASN1OctetString[] bytesOnly(ASN1OctetString[] values) {
    ASN1OctetString[] out = new ASN1OctetString[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = new ASN1OctetString(values[i].getValue());
    }
    return out;
  }

  /** Normalised RDNs from the root down, a parent before its children. */
  private static final Comparator<Prepared> BY_KEY =
      (a, b) -> {
        int n = Math.min(a.key().length, b.key().length);
        for (int i = 0; i < n; i++) {
          int c = a.key()[i].compareTo(b.key()[i]);
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(a.key().length, b.key().length);
      };

  /** The server's fields and method this needs, found once; null when they are not there. */
  private record Internals(Field handler, Field entryMap, Method indexAdd) {
    static Internals find() {
      try {
        Field handler = InMemoryDirectoryServer.class.getDeclaredField("inMemoryHandler");
        handler.setAccessible(true);
        Class<?> type = handler.getType();
        Field entryMap = type.getDeclaredField("entryMap");
        entryMap.setAccessible(true);
        Method indexAdd = type.getDeclaredMethod("indexAdd", Entry.class);
        indexAdd.setAccessible(true);
        return new Internals(handler, entryMap, indexAdd);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }

    @SuppressWarnings("unchecked")
    boolean fill(InMemoryDirectoryServer server, Prepared[] sorted, Prepared[] inOrder)
        throws ReflectiveOperationException {
      Object requestHandler = handler.get(server);
      if (!(entryMap.get(requestHandler) instanceof TreeMap<?, ?> found)
          || !found.isEmpty()
          || found.comparator() != null) {
        return false;
      }
      TreeMap<DN, ReadOnlyEntry> map = (TreeMap<DN, ReadOnlyEntry>) found;
      // TreeMap.putAll of a SortedMap with the same (natural) order into an empty map builds the
      // tree from the sorted run, without comparing keys.
      map.putAll(new SortedRun(sorted));
      for (Prepared p : inOrder) {
        indexAdd.invoke(requestHandler, p.entry());
      }
      return true;
    }
  }

  /** A read-only sorted map over entries already in DN order: only what TreeMap.putAll reads. */
  private static final class SortedRun extends AbstractMap<DN, ReadOnlyEntry>
      implements SortedMap<DN, ReadOnlyEntry> {
    private final Prepared[] sorted;

    SortedRun(Prepared[] sorted) {
      this.sorted = sorted;
    }

    @Override
    public Set<Map.Entry<DN, ReadOnlyEntry>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<DN, ReadOnlyEntry>> iterator() {
          return Arrays.stream(sorted)
              .map(p -> (Map.Entry<DN, ReadOnlyEntry>) Map.entry(p.dn(), p.entry()))
              .iterator();
        }

        @Override
        public int size() {
          return sorted.length;
        }
      };
    }

    @Override
    public int size() {
      return sorted.length;
    }

    @Override
    public Comparator<? super DN> comparator() {
      return null;
    }

    @Override
    public SortedMap<DN, ReadOnlyEntry> subMap(DN fromKey, DN toKey) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SortedMap<DN, ReadOnlyEntry> headMap(DN toKey) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SortedMap<DN, ReadOnlyEntry> tailMap(DN fromKey) {
      throw new UnsupportedOperationException();
    }

    @Override
    public DN firstKey() {
      return sorted[0].dn();
    }

    @Override
    public DN lastKey() {
      return sorted[sorted.length - 1].dn();
    }
  }
}
