package dev.hardmatch.samba;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.controls.SubtreeDeleteRequestControl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The users the Samba tests read, added over LDAPS in one organisational unit (bulk adds over
 * UnboundID: samba-tool per user would take minutes). Enough users that reading them all crosses
 * AD's 1,000-entry page size; some with mS-DS-ConsistencyGuid; a sAMAccountName with parentheses;
 * UPNs that differ from the cloud ones.
 */
final class Seed {
  /** Users named seed0001…; every fifth has mS-DS-ConsistencyGuid. */
  static final int BULK_USERS = 1_200;

  /** sAMAccountName with characters that must be escaped in a filter. */
  static final String PARENTHESES = "smith(j)";

  /** Has mS-DS-ConsistencyGuid: that, not objectGUID, is its anchor. */
  static final String CONSISTENCY = "mary.king";

  /**
   * AD UPN p.jones@hardmatch.test, cloud UPN peter.jones@contoso.com: planned with adUpn: match.
   */
  static final String PLAN_UPN_DIFFERS = "p.jones";

  /** AD UPN a.user@hardmatch.test, cloud UPN alex.user@contoso.com: applied with adUpn: match. */
  static final String APPLY_UPN_DIFFERS = "a.user";

  /** One seeded user as written. */
  record User(String sam, String dn, String upn, byte[] consistencyGuid) {}

  private final String ouDn;
  private final Map<String, User> users;

  private Seed(String ouDn, Map<String, User> users) {
    this.ouDn = ouDn;
    this.users = Collections.unmodifiableMap(users);
  }

  String ouDn() {
    return ouDn;
  }

  /** Every seeded user by sAMAccountName, in the order added. */
  Map<String, User> users() {
    return users;
  }

  User user(String sam) {
    User u = users.get(sam);
    if (u == null) {
      throw new IllegalArgumentException("not seeded: " + sam);
    }
    return u;
  }

  static Seed create(SambaDc dc) {
    String ou = "OU=hardmatch-seed," + dc.baseDn();
    Map<String, User> users = new LinkedHashMap<>();
    Random random = new Random(20261127L);
    for (int i = 1; i <= BULK_USERS; i++) {
      String sam = String.format("seed%04d", i);
      byte[] consistency = null;
      if (i % 5 == 0) {
        consistency = new byte[16];
        random.nextBytes(consistency);
      }
      users.put(sam, user(ou, sam, "Seed " + i, sam + "@hardmatch.test", consistency));
    }
    users.put(PARENTHESES, user(ou, PARENTHESES, "John Smith (j)", "john.smith@contoso.com", null));
    byte[] maryGuid = new byte[16];
    random.nextBytes(maryGuid);
    users.put(CONSISTENCY, user(ou, CONSISTENCY, "Mary King", "mary.king@contoso.com", maryGuid));
    users.put(
        PLAN_UPN_DIFFERS,
        user(ou, PLAN_UPN_DIFFERS, "Peter Jones", "p.jones@hardmatch.test", null));
    users.put(
        APPLY_UPN_DIFFERS, user(ou, APPLY_UPN_DIFFERS, "Alex User", "a.user@hardmatch.test", null));

    long t0 = System.nanoTime();
    try (LDAPConnection connection = dc.connect()) {
      // A DC left running from an earlier run may hold the unit already: start from nothing.
      DeleteRequest delete = new DeleteRequest(ou);
      delete.addControl(new SubtreeDeleteRequestControl(true));
      try {
        connection.delete(delete);
      } catch (LDAPException e) {
        if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
          throw e;
        }
      }
      connection.add(
          new AddRequest(
              ou,
              new Attribute("objectClass", "top", "organizationalUnit"),
              new Attribute("ou", "hardmatch-seed")));
      for (User u : users.values()) {
        connection.add(addRequest(u));
      }
    } catch (LDAPException e) {
      throw new IllegalStateException("seeding the Samba DC failed: " + e.getMessage(), e);
    }
    System.err.printf(
        "samba-dc: seeded %d users in %.1f s%n", users.size(), (System.nanoTime() - t0) / 1e9);
    return new Seed(ou, users);
  }

  private static User user(String ou, String sam, String cn, String upn, byte[] consistency) {
    return new User(sam, new RDN("CN", cn) + "," + ou, upn, consistency);
  }

  private static AddRequest addRequest(User u) {
    List<Attribute> attributes = new ArrayList<>();
    attributes.add(new Attribute("objectClass", "top", "person", "organizationalPerson", "user"));
    attributes.add(new Attribute("sAMAccountName", u.sam()));
    attributes.add(new Attribute("userPrincipalName", u.upn()));
    attributes.add(new Attribute("displayName", u.sam()));
    if (u.consistencyGuid() != null) {
      attributes.add(new Attribute("mS-DS-ConsistencyGuid", u.consistencyGuid()));
    }
    return new AddRequest(u.dn(), attributes);
  }
}
