package dev.hardmatch.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldif.LDIFReader;
import dev.hardmatch.anchor.Anchor;
import dev.hardmatch.directory.AdUser;
import dev.hardmatch.directory.DirectorySnapshot;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.spec.LinksLoader;
import dev.hardmatch.tenant.CloudUser;
import dev.hardmatch.tenant.HardMatchTakeover;
import dev.hardmatch.tenant.Organization;
import dev.hardmatch.tenant.RoleAssignment;
import dev.hardmatch.tenant.RoleGroup;
import dev.hardmatch.tenant.TenantSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Hand-written fakes for the pure planner's tests: they turn a case folder's files into the
 * snapshots the adapters would produce, selecting data the way the adapters do (targets by UPN,
 * holders by anchor, the whole recycle bin).
 */
final class Fixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /**
   * links.yaml through the real {@link LinksLoader}; the path recorded is just "links.yaml" so the
   * golden plans do not depend on where the repository is checked out.
   */
  static LinksFile links(Path file) {
    LinksFile l = LinksLoader.load(file);
    return new LinksFile(
        Path.of("links.yaml"),
        l.sha256(),
        l.version(),
        l.tenant(),
        l.directory(),
        l.policy(),
        l.links());
  }

  /** ad.ldif read with UnboundID's LDIFReader; only the links' sAMAccountNames, as the adapter. */
  static DirectorySnapshot directory(Path ldif, LinksFile links) throws Exception {
    Map<String, List<AdUser>> bySam = new LinkedHashMap<>();
    Set<String> wanted = new LinkedHashSet<>();
    links.links().forEach(l -> wanted.add(l.sam().toLowerCase(Locale.ROOT)));
    try (LDIFReader reader = new LDIFReader(ldif.toFile())) {
      com.unboundid.ldap.sdk.Entry e;
      while ((e = reader.readEntry()) != null) {
        String sam = e.getAttributeValue("sAMAccountName");
        if (sam == null || !wanted.contains(sam.toLowerCase(Locale.ROOT))) {
          continue;
        }
        String[] proxies = e.getAttributeValues("proxyAddresses");
        Integer uac = e.getAttributeValueAsInteger("userAccountControl");
        AdUser u =
            new AdUser(
                e.getDN(),
                sam,
                e.getAttributeValue("userPrincipalName"),
                e.getAttributeValueBytes("objectGUID"),
                e.getAttributeValueBytes("mS-DS-ConsistencyGuid"),
                e.getAttributeValue("displayName"),
                e.getAttributeValue("givenName"),
                e.getAttributeValue("sn"),
                e.getAttributeValue("mail"),
                proxies == null ? List.of() : Arrays.asList(proxies),
                uac == null ? 512 : uac,
                e.getAttributeValueBytes("objectSid"));
        bySam.computeIfAbsent(sam.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(u);
      }
    }
    return new DirectorySnapshot(links.directory().url(), links.directory().baseDn(), bySam);
  }

  /**
   * tenant.json (Graph property names) read with plain Jackson: targets by the links' UPNs, active
   * holders of every anchor the AD users could have, the whole recycle bin, roles. A missing {@code
   * roleEligibilities} means they could not be read (null); {@code "entraIdP2": false} means the
   * tenant answered 400 AadPremiumLicenseRequired. The 2026 fields are the emulator's tenant.json
   * names: users' on-premises traces, role-assignable {@code groups}, and {@code
   * onPremisesSynchronization}, whose absence here stands for an application credential that cannot
   * read the takeover flag (unknown).
   */
  static TenantSnapshot tenant(Path json, LinksFile links, DirectorySnapshot dir) throws Exception {
    JsonNode n = JSON.readTree(json.toFile());
    List<Organization.VerifiedDomain> domains = new ArrayList<>();
    for (JsonNode d : n.path("verifiedDomains")) {
      domains.add(
          new Organization.VerifiedDomain(
              d.path("name").asText(),
              d.path("isDefault").asBoolean(),
              d.path("isInitial").asBoolean()));
    }
    Organization org =
        new Organization(
            n.path("tenantId").asText(), n.path("displayName").asText(null), List.copyOf(domains));
    List<CloudUser> users = new ArrayList<>();
    n.path("users").forEach(u -> users.add(user(u)));
    List<CloudUser> deleted = new ArrayList<>();
    n.path("deletedUsers").forEach(u -> deleted.add(user(u)));

    // Indexed, not scanned per link: the scale tests plan 100,000 links from generated files.
    Map<String, CloudUser> usersByUpn = new HashMap<>();
    Map<String, List<CloudUser>> usersByAnchor = new HashMap<>();
    for (CloudUser u : users) {
      usersByUpn.put(u.userPrincipalName().toLowerCase(Locale.ROOT), u);
      if (u.onPremisesImmutableId() != null) {
        usersByAnchor.computeIfAbsent(u.onPremisesImmutableId(), k -> new ArrayList<>()).add(u);
      }
    }
    Map<String, CloudUser> byUpn = new LinkedHashMap<>();
    for (LinksFile.Link l : links.links()) {
      CloudUser u = usersByUpn.get(l.upn().toLowerCase(Locale.ROOT));
      if (u != null) {
        byUpn.put(l.upn().toLowerCase(Locale.ROOT), u);
      }
    }
    Set<String> anchors = new LinkedHashSet<>();
    for (List<AdUser> found : dir.usersBySam().values()) {
      for (AdUser a : found) {
        for (byte[] raw : new byte[][] {a.objectGuid(), a.consistencyGuid()}) {
          if (raw != null && raw.length == 16) {
            anchors.add(Anchor.ofBytes(raw).immutableId());
          }
        }
      }
    }
    Map<String, List<CloudUser>> holders = new LinkedHashMap<>();
    for (String anchor : anchors) {
      List<CloudUser> h = usersByAnchor.getOrDefault(anchor, List.of());
      if (!h.isEmpty()) {
        holders.put(anchor, h);
      }
    }
    JsonNode elig = n.get("roleEligibilities");
    boolean noP2 = n.has("entraIdP2") && !n.path("entraIdP2").asBoolean();
    Map<String, List<CloudUser>> bySid = new LinkedHashMap<>();
    for (List<AdUser> found : dir.usersBySam().values()) {
      for (AdUser a : found) {
        String sid = a.sid();
        List<CloudUser> h =
            users.stream()
                .filter(u -> sid != null && sid.equals(u.onPremisesSecurityIdentifier()))
                .toList();
        if (!h.isEmpty()) {
          bySid.put(sid, h);
        }
      }
    }
    List<RoleGroup> groups = new ArrayList<>();
    for (JsonNode g : n.path("groups")) {
      if (g.path("isAssignableToRole").asBoolean()) {
        List<String> members = new ArrayList<>();
        g.path("members").forEach(m -> members.add(m.asText()));
        groups.add(new RoleGroup(g.path("id").asText(), g.path("displayName").asText(), members));
      }
    }
    JsonNode sync = n.get("onPremisesSynchronization");
    HardMatchTakeover takeover =
        sync == null
            ? HardMatchTakeover.UNKNOWN
            : HardMatchTakeover.ofBlockFlag(
                sync.path("features")
                    .path("blockCloudObjectTakeoverThroughHardMatchEnabled")
                    .asBoolean(false));
    return new TenantSnapshot(
        org,
        byUpn,
        holders,
        List.copyOf(deleted),
        roles(n.path("roleAssignments")),
        noP2 ? List.of() : elig == null || elig.isNull() ? null : roles(elig),
        noP2,
        List.copyOf(groups),
        bySid,
        takeover);
  }

  private static CloudUser user(JsonNode u) {
    List<String> proxies = new ArrayList<>();
    u.path("proxyAddresses").forEach(p -> proxies.add(p.asText()));
    List<String> skus = new ArrayList<>();
    u.path("assignedLicenses").forEach(l -> skus.add(l.path("skuId").asText()));
    return new CloudUser(
        u.path("id").asText(),
        u.path("userPrincipalName").asText(null),
        u.path("displayName").asText(null),
        u.path("givenName").asText(null),
        u.path("surname").asText(null),
        u.path("mail").asText(null),
        List.copyOf(proxies),
        bool(u.get("accountEnabled")),
        u.path("onPremisesImmutableId").asText(null),
        bool(u.get("onPremisesSyncEnabled")),
        List.copyOf(skus),
        u.path("deletedDateTime").asText(null),
        u.path("onPremisesSecurityIdentifier").asText(null),
        u.path("onPremisesDistinguishedName").asText(null),
        u.path("onPremisesLastSyncDateTime").asText(null),
        u.path("onPremisesObjectIdentifier").asText(null));
  }

  private static Boolean bool(JsonNode n) {
    return n == null || n.isNull() ? null : n.asBoolean();
  }

  private static List<RoleAssignment> roles(JsonNode n) {
    List<RoleAssignment> out = new ArrayList<>();
    n.forEach(
        r ->
            out.add(
                new RoleAssignment(
                    r.path("principalId").asText(),
                    r.path("roleDefinitionId").asText(),
                    r.path("directoryScopeId").asText("/"))));
    return List.copyOf(out);
  }
}
