package dev.hardmatch.sandbox.ad;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.EntryValidator;
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import dev.hardmatch.Diagnostic;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.anchor.Anchor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** AD's rules for entries loaded from LDIF: schema checks with lines, class chains, GUIDs. */
final class AdEntries {
  private static final Pattern WORD_BOUNDARY = Pattern.compile("[^A-Za-z0-9;\\-]");

  private AdEntries() {}

  /** Schema and AD rules for one LDIF entry, each problem on the line it comes from. */
  static void checkEntry(
      String file, LdifRecords.Located located, DN base, Schema schema, List<Diagnostic> problems) {
    Entry entry = located.entry();
    DN dn = parsedDn(entry);
    if (dn == null || !dn.isDescendantOf(base, true)) {
      problems.add(
          new Diagnostic(
              file,
              located.line(),
              0,
              "dn",
              "entry " + entry.getDN() + " is not under the base DN " + base,
              "put every entry under "
                  + base
                  + " (the first entry's DN is the base DN unless one is given)"));
      return;
    }
    for (Attribute attribute : entry.getAttributes()) {
      String attr = attribute.getBaseName();
      if (schema.getAttributeType(attr) == null) {
        problems.add(
            new Diagnostic(
                file,
                located.lineOf(attr),
                0,
                attr,
                "attribute " + attr + " is not in the embedded AD's schema",
                "remove it, or use an AD attribute such as sAMAccountName, userPrincipalName,"
                    + " displayName, givenName, sn, mail, proxyAddresses, userAccountControl"));
      }
    }
    for (String guidAttr : List.of("objectGUID", "mS-DS-ConsistencyGuid")) {
      Attribute attribute = entry.getAttribute(guidAttr);
      if (attribute != null
          && attribute.size() == 1
          && attribute.getValueByteArray().length != 16) {
        problems.add(
            new Diagnostic(
                file,
                located.lineOf(guidAttr),
                0,
                guidAttr,
                guidAttr + " must be 16 bytes, got " + attribute.getValueByteArray().length,
                "write the raw GUID octets Base64-encoded, e.g. "
                    + guidAttr
                    + ":: fMa51PBTY0u4eEeZgM+xyA=="));
      }
    }
    Validators validators = Validators.of(schema);
    String shape = shape(entry, dn);
    if (validators.validShapes.contains(shape) && validators.valuesValid(entry, dn)) {
      return;
    }
    List<String> reasons = new ArrayList<>();
    boolean valid = validators.full.entryIsValid(entry, reasons);
    if (valid && validators.valueChecksSuffice(entry)) {
      validators.validShapes.add(shape);
    }
    if (!valid) {
      for (String reason : reasons) {
        String attr = attributeNamedIn(reason, entry);
        problems.add(
            new Diagnostic(
                file,
                attr == null ? located.line() : located.lineOf(attr),
                0,
                attr,
                "entry " + entry.getDN() + ": " + reason,
                "make the entry fit the AD schema: people are objectClass top, person,"
                    + " organizationalPerson, user; OUs organizationalUnit; containers container"));
      }
    }
  }

  /**
   * The schema checks of {@link #checkEntry}, made once per schema. Whether an entry passes
   * UnboundID's EntryValidator follows, for all but two of its checks, from the entry's shape
   * alone: its object classes, its attribute names with whether each holds more than one value, and
   * its RDN's attribute names (the class set, the structural class, its DIT content rule and name
   * form, required and optional attributes, single values). Only value syntax and the RDN's values
   * being in the entry depend on the values. An entry whose shape already passed every check gets
   * exactly those two value checks; if either fails, or the shape is new, the whole validator runs
   * and its messages are reported. At 500,000 users working out the class and attribute sets per
   * entry was a fifth of reading the file (docs/performance.md, "The sandbox at scale").
   */
  private record Validators(
      Schema schema,
      EntryValidator full,
      Set<String> validShapes,
      Map<String, Optional<MatchingRule>> rules) {
    private static volatile Validators last;

    // Attribute type extensions EntryValidator checks values against (its checkAttribute).
    private static final List<String> VALUE_EXTENSIONS =
        List.of(
            "X-ALLOWED-VALUE",
            "X-VALUE-REGEX",
            "X-MIN-VALUE-LENGTH",
            "X-MAX-VALUE-LENGTH",
            "X-MIN-INT-VALUE",
            "X-MAX-INT-VALUE");

    static Validators of(Schema schema) {
      Validators v = last;
      if (v == null || v.schema != schema) {
        EntryValidator full = new EntryValidator(schema);
        full.setCheckUndefinedAttributes(false); // reported above, with their lines
        full.setCheckMissingSuperiorObjectClasses(false); // completed as AD does
        v = new Validators(schema, full, ConcurrentHashMap.newKeySet(), new ConcurrentHashMap<>());
        last = v;
      }
      return v;
    }

    /** Whether the value checks below are all EntryValidator would check on this entry's values. */
    boolean valueChecksSuffice(Entry entry) {
      for (Attribute a : entry.getAttributes()) {
        AttributeTypeDefinition type = schema.getAttributeType(a.getBaseName());
        if (type != null && VALUE_EXTENSIONS.stream().anyMatch(type.getExtensions()::containsKey)) {
          return false;
        }
      }
      return true;
    }

    /** EntryValidator's syntax check of every value and its check of the RDN's values. */
    boolean valuesValid(Entry entry, DN dn) {
      for (Attribute a : entry.getAttributes()) {
        MatchingRule rule = rule(a.getBaseName());
        if (rule == null) {
          continue; // an attribute the schema does not define: reported with its line
        }
        for (ASN1OctetString value : a.getRawValues()) {
          try {
            rule.normalize(value);
          } catch (LDAPException e) {
            return false;
          }
        }
      }
      RDN rdn = dn.getRDN();
      String[] names = rdn.getAttributeNames();
      byte[][] values = rdn.getByteArrayAttributeValues();
      for (int i = 0; i < names.length; i++) {
        if (!entry.hasAttributeValue(
            names[i], values[i], MatchingRule.selectEqualityMatchingRule(names[i], schema))) {
          return false;
        }
      }
      return true;
    }

    // The equality rule EntryValidator normalises an attribute's values with; null when undefined.
    private MatchingRule rule(String baseName) {
      return rules
          .computeIfAbsent(
              baseName.toLowerCase(Locale.ROOT),
              n -> {
                AttributeTypeDefinition type = schema.getAttributeType(n);
                return type == null
                    ? Optional.empty()
                    : Optional.of(
                        MatchingRule.selectEqualityMatchingRule(type.getNameOrOID(), schema));
              })
          .orElse(null);
    }
  }

  /**
   * Object classes as given, attribute names sorted (each marked when it holds more than one
   * value), RDN attribute names: see {@link Validators}.
   */
  private static String shape(Entry entry, DN dn) {
    StringBuilder key = new StringBuilder(256);
    String[] classes = entry.getObjectClassValues();
    if (classes != null) {
      for (String c : classes) {
        key.append(c.toLowerCase(Locale.ROOT)).append(',');
      }
    }
    key.append('|');
    List<String> names = new ArrayList<>(entry.getAttributes().size());
    for (Attribute a : entry.getAttributes()) {
      names.add(a.getName().toLowerCase(Locale.ROOT) + (a.size() > 1 ? "+" : ""));
    }
    Collections.sort(names);
    names.forEach(n -> key.append(n).append(','));
    key.append('|');
    for (String n : dn.getRDN().getAttributeNames()) {
      key.append(n.toLowerCase(Locale.ROOT)).append(',');
    }
    return key.toString();
  }

  /**
   * AD stores a class's whole chain ({@code objectClass: user} reads back as top, person,
   * organizationalPerson, user), so {@code (objectClass=person)} finds users; do the same.
   */
  static void completeObjectClasses(Entry entry, Schema schema) {
    String[] given = entry.getObjectClassValues();
    if (given == null) {
      return;
    }
    LinkedHashSet<String> chain = new LinkedHashSet<>();
    for (String name : given) {
      ObjectClassDefinition oc = schema.getObjectClass(name);
      if (oc != null) {
        List<String> superiors = new ArrayList<>();
        for (ObjectClassDefinition sup : oc.getSuperiorClasses(schema, true)) {
          superiors.add(sup.getNameOrOID());
        }
        Collections.reverse(superiors);
        for (String sup : superiors) {
          if (!containsIgnoreCase(chain, sup) && !containsIgnoreCase(List.of(given), sup)) {
            chain.add(sup);
          }
        }
      }
    }
    if (chain.isEmpty()) {
      return;
    }
    // Superiors first, in the order AD lists them, then the classes as given.
    List<String> all = new ArrayList<>();
    for (String sup : sortTopDown(chain, schema)) {
      all.add(sup);
    }
    all.addAll(List.of(given));
    entry.setAttribute("objectClass", all);
  }

  private static List<String> sortTopDown(Set<String> classes, Schema schema) {
    List<String> sorted = new ArrayList<>(classes);
    sorted.sort(
        Comparator.comparingInt(
            (String c) -> schema.getObjectClass(c).getSuperiorClasses(schema, true).size()));
    return sorted;
  }

  private static boolean containsIgnoreCase(Collection<String> values, String value) {
    for (String v : values) {
      if (v.equalsIgnoreCase(value)) {
        return true;
      }
    }
    return false;
  }

  private static String attributeNamedIn(String reason, Entry entry) {
    List<String> words = List.of(WORD_BOUNDARY.split(reason.replace("'", " ")));
    for (Attribute attribute : entry.getAttributes()) {
      if (attribute.getBaseName().equalsIgnoreCase("objectClass")) {
        continue;
      }
      for (String word : words) {
        if (word.equalsIgnoreCase(attribute.getBaseName())) {
          return attribute.getBaseName();
        }
      }
    }
    return null;
  }

  /**
   * What the directory gets from the LDIF, in order: the base entry first when the LDIF does not
   * hold it, and every entry with an objectGUID (derived from its DN where the LDIF gives none).
   */
  static List<Entry> serverEntries(DN base, List<LdifRecords.Located> entries)
      throws LDAPException {
    boolean hasBase = entries.stream().anyMatch(e -> base.equals(parsedDn(e.entry())));
    List<Entry> result = new ArrayList<>(entries.size() + 1);
    if (!hasBase) {
      result.add(baseEntry(base));
    }
    for (LdifRecords.Located located : entries) {
      // The parsed entry itself, not a copy: nothing reads it afterwards but the add.
      Entry entry = located.entry();
      if (!entry.hasAttribute("objectGUID")) {
        entry.addAttribute("objectGUID", derivedGuid(entry.getParsedDN()));
      }
      result.add(entry);
    }
    return result;
  }

  /**
   * Adds {@link #serverEntries} one by one through the server's add, each refusal a problem on the
   * line of the entry it refused.
   */
  static void addEntries(
      String file,
      InMemoryDirectoryServer server,
      List<Entry> toAdd,
      List<LdifRecords.Located> entries,
      List<Diagnostic> problems)
      throws LDAPException {
    int offset = toAdd.size() - entries.size();
    for (int i = 0; i < offset; i++) {
      server.add(toAdd.get(i));
    }
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = toAdd.get(offset + i);
      try {
        server.add(entry);
      } catch (LDAPException e) {
        String fix =
            e.getResultCode().intValue() == 32
                ? "put each parent entry (domain, OU, container) before its children"
                : e.getResultCode().intValue() == 68
                    ? "remove the duplicate entry"
                    : "fix the entry so it fits the AD schema";
        problems.add(
            new Diagnostic(
                file,
                entries.get(i).line(),
                0,
                null,
                "entry " + entry.getDN() + ": " + e.getDiagnosticMessage(),
                fix));
      }
    }
  }

  /** The base entry when the LDIF does not hold it: a domain (DC=…) or an OU/container. */
  private static Entry baseEntry(DN base) throws LDAPException {
    RDN rdn = base.getRDN();
    String attr = rdn.getAttributeNames()[0].toLowerCase(Locale.ROOT);
    String value = rdn.getAttributeValues()[0];
    Entry entry = new Entry(base);
    switch (attr) {
      case "dc":
        entry.addAttribute("objectClass", "top", "domain", "domainDNS");
        break;
      case "ou":
        entry.addAttribute("objectClass", "top", "organizationalUnit");
        break;
      case "cn":
        entry.addAttribute("objectClass", "top", "container");
        break;
      case "o":
        entry.addAttribute("objectClass", "top", "organization");
        break;
      default:
        throw new HardmatchException(
            HardmatchException.Code.USAGE,
            "cannot create the base entry " + base,
            "include the base entry in the LDIF, or use a base DN such as "
                + EmbeddedDirectory.DEFAULT_BASE_DN);
    }
    entry.addAttribute(attr, value);
    entry.addAttribute("objectGUID", derivedGuid(base));
    return entry;
  }

  /**
   * LDIF entries without an objectGUID get one derived from their DN, so that the same LDIF gives
   * the same sandbox (and the same plans) every time. Entries added later over LDAP get a random
   * one, as AD gives.
   */
  static byte[] derivedGuid(DN dn) {
    UUID uuid =
        UUID.nameUUIDFromBytes(
            ("hardmatch-sandbox:" + dn.toNormalizedString()).getBytes(StandardCharsets.UTF_8));
    return Anchor.fromGuid(uuid.toString()).bytes();
  }

  static byte[] randomGuid() {
    return Anchor.fromGuid(UUID.randomUUID().toString()).bytes();
  }

  static DN parsedDn(Entry entry) {
    try {
      return entry.getParsedDN();
    } catch (LDAPException e) {
      throw new IllegalStateException("the server holds an entry with a malformed DN", e);
    }
  }
}
