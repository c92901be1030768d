package dev.hardmatch.discover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldif.LDIFReader;
import dev.hardmatch.anchor.Anchor;
import dev.hardmatch.anchor.Sid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A generated organisation read straight from its files, and discover's result scored against its
 * truth.csv.
 */
final class GeneratedFiles {
  private GeneratedFiles() {}

  static List<AdPerson> ad(Path ldif) throws Exception {
    List<AdPerson> out = new ArrayList<>();
    try (LDIFReader r = new LDIFReader(ldif.toFile())) {
      for (Entry e = r.readEntry(); e != null; e = r.readEntry()) {
        if (!e.hasAttribute("sAMAccountName")) {
          continue;
        }
        byte[] guid =
            e.hasAttribute("mS-DS-ConsistencyGuid")
                ? e.getAttributeValueBytes("mS-DS-ConsistencyGuid")
                : e.getAttributeValueBytes("objectGUID");
        String[] proxies = e.getAttributeValues("proxyAddresses");
        out.add(
            new AdPerson(
                e.getAttributeValue("sAMAccountName"),
                e.getDN(),
                e.getAttributeValue("userPrincipalName"),
                Anchor.ofBytes(guid).immutableId(),
                Sid.toText(e.getAttributeValueBytes("objectSid")),
                e.getAttributeValue("employeeID"),
                e.getAttributeValue("mail"),
                proxies == null ? List.of() : Arrays.asList(proxies),
                e.getAttributeValue("givenName"),
                e.getAttributeValue("sn"),
                e.getAttributeValue("displayName"),
                (Long.parseLong(e.getAttributeValue("userAccountControl")) & 2) == 0));
      }
    }
    return out;
  }

  static List<CloudAccount> cloud(Path tenantJson) throws Exception {
    JsonNode t = new ObjectMapper().readTree(tenantJson.toFile());
    List<CloudAccount> out = new ArrayList<>();
    for (String list : List.of("users", "deletedUsers")) {
      for (JsonNode u : t.path(list)) {
        out.add(
            new CloudAccount(
                u.get("id").asText(),
                u.get("userPrincipalName").asText(),
                text(u, "mail"),
                strings(u.path("proxyAddresses")),
                strings(u.path("otherMails")),
                text(u, "employeeId"),
                text(u, "givenName"),
                text(u, "surname"),
                text(u, "displayName"),
                text(u, "onPremisesImmutableId"),
                text(u, "onPremisesSecurityIdentifier"),
                text(u, "onPremisesSamAccountName"),
                u.path("onPremisesSyncEnabled").isBoolean()
                    ? u.get("onPremisesSyncEnabled").asBoolean()
                    : null,
                list.equals("deletedUsers"),
                false));
      }
    }
    return out;
  }

  private static String text(JsonNode u, String field) {
    JsonNode n = u.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** sam (lower case) → upn (lower case) of truth.csv. */
  static Map<String, String> truth(Path csv) throws Exception {
    Map<String, String> truth = new HashMap<>();
    for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
      String[] f = line.split(",", -1);
      truth.put(f[0].toLowerCase(Locale.ROOT), f[1].toLowerCase(Locale.ROOT));
    }
    return truth;
  }

  /** Precision of the proposals at or above {@code min}, and the share of the truth they find. */
  record Score(int proposed, int correct, int truth) {
    double precision() {
      return proposed == 0 ? 1 : correct / (double) proposed;
    }

    double recall() {
      return correct / (double) truth;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d proposed, %d correct of %d: precision %.4f, recall %.4f",
          proposed,
          correct,
          truth,
          precision(),
          recall());
    }
  }

  static Score score(List<Proposal> proposals, Map<String, String> truth, Confidence min) {
    int proposed = 0;
    int correct = 0;
    for (Proposal p : proposals) {
      if (p.confidence().atLeast(min)) {
        proposed++;
        if (p.upn().equalsIgnoreCase(truth.get(p.sam().toLowerCase(Locale.ROOT)))) {
          correct++;
        }
      }
    }
    return new Score(proposed, correct, truth.size());
  }
}
