package dev.hardmatch.samba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.asn1.ASN1Integer;
import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.asn1.ASN1Sequence;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import dev.hardmatch.anchor.Anchor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hardmatch doctor} against the real DC over LDAPS (its CA in the repository) and the
 * sandbox's Graph emulator with an application token: TCP, TLS and the bind pass on the DC, the
 * bind account reads every attribute hardmatch reads, and the duplicates Entra Connect made for two
 * seeded users (found through their objectSid, read here with the extended-DN control, not with the
 * adapter's code) carry exactly the anchors hardmatch computes; the takeover window is unknown to
 * an application token, a warning. With {@code sourceAnchor: objectGUID} the anchor check fails and
 * says to use consistencyGuid.
 */
@Tag("samba")
@ExtendWith(SambaDcExtension.class)
class SambaDoctorIT {
  static final String JOHN_DUPLICATE = "00000000-0000-4000-8000-000000000302";
  static final String MARY_DUPLICATE = "00000000-0000-4000-8000-000000000304";

  private static final Pattern SID_IN_DN = Pattern.compile("<SID=(S-[0-9-]+)>");

  private static SambaDc dc;
  private static Seed seed;
  private static Map<String, String> serverGuids;
  private static Map<String, String> sids;

  @TempDir Path dir;
  Scenario scenario;

  @BeforeAll
  static void seed(SambaDc sambaDc) {
    dc = sambaDc;
    seed = dc.seed();
    serverGuids = dc.guidStrings(seed.ouDn(), Filter.createEqualityFilter("objectClass", "user"));
    sids = new LinkedHashMap<>();
    for (String sam : new String[] {Seed.PARENTHESES, Seed.CONSISTENCY}) {
      sids.put(sam, sidOf(seed.user(sam).dn()));
    }
  }

  /** The server's SID string of {@code dn}, from the extended DN ({@code <GUID=…>;<SID=…>;…}). */
  private static String sidOf(String dn) {
    try (LDAPConnection connection = dc.connect()) {
      SearchRequest request =
          new SearchRequest(dn, SearchScope.BASE, "(objectClass=*)", "sAMAccountName");
      request.addControl(
          new Control(
              SambaDc.EXTENDED_DN_OID,
              false,
              new ASN1OctetString(new ASN1Sequence(new ASN1Integer(1)).encode())));
      SearchResult result = connection.search(request);
      Matcher m = SID_IN_DN.matcher(result.getSearchEntries().get(0).getDN());
      if (!m.find()) {
        throw new IllegalStateException("no <SID=…> in " + result.getSearchEntries().get(0));
      }
      return m.group(1);
    } catch (LDAPException e) {
      throw new IllegalStateException("extended-DN read of " + dn + " failed: " + e, e);
    }
  }

  @BeforeEach
  void startTenant() {
    String johnAnchor =
        Anchor.fromGuid(serverGuids.get(Seed.PARENTHESES.toLowerCase(Locale.ROOT))).immutableId();
    String maryAnchor = Anchor.ofBytes(seed.user(Seed.CONSISTENCY).consistencyGuid()).immutableId();
    scenario =
        new Scenario(
            dc,
            dir,
            users -> {
              // What Entra Connect made of two AD users: the objectSid and the anchor it computed
              // (objectGUID for smith(j), which has no mS-DS-ConsistencyGuid; the consistency GUID
              // for mary.king).
              Scenario.cloudUser(
                      users, JOHN_DUPLICATE, "john.smith1234@contoso.onmicrosoft.com", "John Smith")
                  .put("onPremisesImmutableId", johnAnchor)
                  .put("onPremisesSecurityIdentifier", sids.get(Seed.PARENTHESES))
                  .put("onPremisesSyncEnabled", true);
              Scenario.cloudUser(
                      users, MARY_DUPLICATE, "mary.king5678@contoso.onmicrosoft.com", "Mary King")
                  .put("onPremisesImmutableId", maryAnchor)
                  .put("onPremisesSecurityIdentifier", sids.get(Seed.CONSISTENCY))
                  .put("onPremisesSyncEnabled", true);
            });
  }

  @AfterEach
  void stopTenant() {
    scenario.close();
  }

  /** Writes links.yaml; {@code sourceAnchor} lands in the directory block (after bind). */
  private void links(String sourceAnchor) {
    scenario.links(
        "  sourceAnchor: " + sourceAnchor + "\n",
        "  - { sam: \"smith(j)\", upn: john.smith@contoso.com }\n"
            + "  - { sam: mary.king, upn: mary.king@contoso.com }\n");
  }

  private static Map<String, JsonNode> checks(Scenario.Run run) throws Exception {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (JsonNode c : Scenario.JSON.readTree(run.out()).get("checks")) {
      byName.put(c.get("name").asText(), c);
    }
    return byName;
  }

  private static String status(Map<String, JsonNode> checks, String name) {
    JsonNode c = checks.get(name);
    if (c == null) {
      throw new AssertionError("no check '" + name + "' in " + checks.keySet());
    }
    return c.get("status").asText();
  }

  @Test
  void doctorAgainstTheRealDcPasses() throws Exception {
    links("auto");
    String tenantBefore = scenario.tenant().state().toJson();

    Scenario.Run run = scenario.hardmatch("doctor", "links.yaml", "--format", "json");

    assertEquals(0, run.exit(), run.toString());
    Map<String, JsonNode> checks = checks(run);
    for (String name :
        new String[] {
          "ldap reachable",
          "ldap tls",
          "ldap bind",
          "ldap search",
          "ad attribute sAMAccountName",
          "ad attribute objectGUID",
          "ad attribute mS-DS-ConsistencyGuid",
          "ad attribute objectSid",
          "ad attribute userAccountControl",
          "tenant id",
          "source anchor"
        }) {
      assertEquals("ok", status(checks, name), name + ": " + checks.get(name));
    }
    assertTrue(
        checks.get("ldap tls").get("detail").asText().startsWith("LDAPS: certificate chain"),
        run.out());
    assertEquals(
        "2 of 2 sampled synced users matched by objectSid carry the anchor hardmatch computes"
            + " (sourceAnchor auto)",
        checks.get("source anchor").get("detail").asText());
    // An application token cannot read the takeover flag: unknown, a warning.
    assertEquals("warn", status(checks, "takeover window"));
    assertFalse(run.all().contains(dc.bindPassword()), "the bind password is never printed");
    assertEquals(tenantBefore, scenario.tenant().state().toJson(), "doctor writes nothing");
  }

  @Test
  void aSourceAnchorOtherThanConnectsFails() throws Exception {
    links("objectGUID");

    Scenario.Run run = scenario.hardmatch("doctor", "links.yaml", "--format", "json");

    assertEquals(1, run.exit(), run.toString());
    JsonNode anchor = checks(run).get("source anchor");
    assertEquals("fail", anchor.get("status").asText(), run.out());
    assertTrue(
        anchor.get("detail").asText().startsWith("1 of 2 synced users matched by objectSid"),
        anchor.toString());
    assertEquals(
        "Entra Connect anchors on mS-DS-ConsistencyGuid: set directory.sourceAnchor:"
            + " consistencyGuid",
        anchor.get("fix").asText());
  }
}
