package dev.hardmatch.discover;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every cloud account indexed by what an AD user can match it on, so each AD user costs a few map
 * look-ups whatever the tenant's size. Deleted accounts and guests are indexed only as holders of
 * an anchor, never as matches.
 */
final class CloudIndex {
  /** A cloud account found by an address, and in which of its properties. */
  private record Hit(CloudAccount account, String field) {}

  private final Map<String, List<Hit>> byAddress = new HashMap<>();
  private final Map<String, List<CloudAccount>> byEmployeeId = new HashMap<>();
  private final Map<String, List<CloudAccount>> byName = new HashMap<>();
  private final Map<String, List<CloudAccount>> byDisplayName = new HashMap<>();
  private final Map<String, List<CloudAccount>> byLocalPart = new HashMap<>();
  private final Map<String, List<CloudAccount>> byAnchor = new HashMap<>();
  private final Map<String, List<CloudAccount>> bySid = new HashMap<>();

  CloudIndex(List<CloudAccount> accounts) {
    for (CloudAccount c : accounts) {
      if (c.immutableId() != null && !c.immutableId().isBlank()) {
        add(byAnchor, c.immutableId(), c); // anchors are case-sensitive
      }
      if (c.sid() != null && !c.sid().isBlank()) {
        add(bySid, c.sid().trim().toUpperCase(Locale.ROOT), c);
      }
      if (c.deleted() || c.isGuest()) {
        continue;
      }
      hit(Keys.address(c.upn()), c, "userPrincipalName");
      hit(Keys.address(c.mail()), c, "mail");
      for (String p : Keys.smtpProxies(c.proxyAddresses())) {
        hit(p, c, "proxyAddresses");
      }
      for (String m : c.otherMails()) {
        hit(Keys.address(m), c, "otherMails");
      }
      add(byEmployeeId, Keys.lower(c.employeeId()), c);
      add(byName, Keys.name(c.givenName(), c.surname()), c);
      add(byDisplayName, Keys.text(c.displayName()), c);
      add(byLocalPart, Keys.localPart(c.upn()), c);
    }
  }

  private void hit(String address, CloudAccount c, String field) {
    if (address == null) {
      return;
    }
    List<Hit> hits = byAddress.computeIfAbsent(address, k -> new ArrayList<>(1));
    for (Hit h : hits) {
      if (h.account() == c && h.field().equals(field)) {
        return;
      }
    }
    hits.add(new Hit(c, field));
  }

  private static void add(Map<String, List<CloudAccount>> map, String key, CloudAccount c) {
    if (key != null) {
      List<CloudAccount> list = map.computeIfAbsent(key, k -> new ArrayList<>(1));
      if (!list.contains(c)) {
        list.add(c);
      }
    }
  }

  /** Accounts (active or deleted) holding the AD user's anchor or created from its objectSid. */
  List<CloudAccount> holders(AdPerson a) {
    List<CloudAccount> out = new ArrayList<>();
    if (a.anchor() != null) {
      out.addAll(byAnchor.getOrDefault(a.anchor(), List.of()));
    }
    if (a.sid() != null && !a.sid().isBlank()) {
      for (CloudAccount c :
          bySid.getOrDefault(a.sid().trim().toUpperCase(Locale.ROOT), List.of())) {
        if (!out.contains(c)) {
          out.add(c);
        }
      }
    }
    return out;
  }

  /** How a holder holds the user: by anchor, by objectSid or both. */
  static String heldBy(AdPerson a, CloudAccount h) {
    boolean anchor = a.anchor() != null && a.anchor().equals(h.immutableId());
    boolean sid = a.sid() != null && h.sid() != null && a.sid().trim().equalsIgnoreCase(h.sid());
    if (anchor && sid) {
      return "onPremisesImmutableId and onPremisesSecurityIdentifier";
    }
    return anchor ? "onPremisesImmutableId" : "onPremisesSecurityIdentifier";
  }

  /**
   * Names carried by more cloud accounts than this tell nobody apart: they are no evidence (at best
   * every such match would be ambiguous, hence low).
   */
  static final int MAX_NAMESAKES = 50;

  private static List<CloudAccount> namesakes(Map<String, List<CloudAccount>> index, String key) {
    List<CloudAccount> found = index.getOrDefault(key, List.of());
    return found.size() > MAX_NAMESAKES ? List.of() : found;
  }

  /**
   * Every active, non-guest account sharing something with {@code a}, with what it shares; names
   * are looked at only when no account {@code isCandidate} shares an identifier.
   */
  Map<CloudAccount, Map<Evidence.Kind, Evidence>> matches(
      AdPerson a, Predicate<CloudAccount> isCandidate) {
    Map<CloudAccount, Map<Evidence.Kind, Evidence>> found = new LinkedHashMap<>();
    addresses(found, Evidence.Kind.UPN, Keys.address(a.upn()));
    String mail = Keys.address(a.mail());
    addresses(found, Evidence.Kind.MAIL, mail);
    String primary = Keys.primarySmtp(a.mail(), a.proxyAddresses());
    if (primary != null && !primary.equals(mail)) {
      addresses(found, Evidence.Kind.MAIL, primary);
    }
    for (String p : Keys.smtpProxies(a.proxyAddresses())) {
      if (!p.equals(primary) && !p.equals(mail)) {
        addresses(found, Evidence.Kind.PROXY_ADDRESS, p);
      }
    }
    String employeeId = Keys.lower(a.employeeId());
    for (CloudAccount c : byEmployeeId.getOrDefault(employeeId, List.of())) {
      put(found, c, new Evidence(Evidence.Kind.EMPLOYEE_ID, a.employeeId().trim()));
    }
    // Names only for who has no candidate by identifiers: such a candidate outweighs every name
    // match anyway (see Matcher), and names shared by many would make this quadratic.
    for (CloudAccount c : found.keySet()) {
      if (isCandidate.test(c)) {
        return found;
      }
    }
    String name = Keys.name(a.givenName(), a.surname());
    for (CloudAccount c : namesakes(byName, name)) {
      put(found, c, new Evidence(Evidence.Kind.NAME, a.givenName() + " " + a.surname()));
    }
    for (CloudAccount c : namesakes(byDisplayName, Keys.text(a.displayName()))) {
      put(found, c, new Evidence(Evidence.Kind.DISPLAY_NAME, a.displayName()));
    }
    String sam = Keys.lower(a.sam());
    for (CloudAccount c : byLocalPart.getOrDefault(sam, List.of())) {
      put(found, c, new Evidence(Evidence.Kind.SAM_ACCOUNT_NAME, a.sam() + " = " + c.upn()));
    }
    return found;
  }

  private void addresses(
      Map<CloudAccount, Map<Evidence.Kind, Evidence>> found, Evidence.Kind kind, String address) {
    if (address == null) {
      return;
    }
    Map<CloudAccount, List<String>> fields = new LinkedHashMap<>();
    for (Hit h : byAddress.getOrDefault(address, List.of())) {
      fields.computeIfAbsent(h.account(), k -> new ArrayList<>()).add(h.field());
    }
    fields.forEach(
        (c, f) -> put(found, c, new Evidence(kind, address + " = cloud " + String.join(", ", f))));
  }

  /** The first evidence of each kind wins: one line per kind keeps the comment readable. */
  private static void put(
      Map<CloudAccount, Map<Evidence.Kind, Evidence>> found, CloudAccount c, Evidence e) {
    found.computeIfAbsent(c, k -> new EnumMap<>(Evidence.Kind.class)).putIfAbsent(e.kind(), e);
  }

  /** Whether sync's soft match (UPN or primary SMTP, cloud-only, no role) would take {@code c}. */
  static boolean softMatches(AdPerson a, CloudAccount c) {
    if (!c.cloudOnly() || c.privileged()) {
      return false;
    }
    String upn = Keys.address(a.upn());
    String smtp = Keys.primarySmtp(a.mail(), a.proxyAddresses());
    String cloudSmtp = Keys.primarySmtp(c.mail(), c.proxyAddresses());
    return (upn != null && upn.equals(Keys.address(c.upn())))
        || (smtp != null && smtp.equals(cloudSmtp));
  }
}
