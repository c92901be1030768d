package dev.hardmatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.plan.Action;
import dev.hardmatch.plan.DeleteUser;
import dev.hardmatch.plan.LinkPlan;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PurgeDeletedUser;
import dev.hardmatch.plan.SetAdUpn;
import dev.hardmatch.plan.SetImmutableId;
import dev.hardmatch.sandbox.graph.TenantState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@link CrashHarness} checks after a case has run to exit 0: the tenant and AD are exactly
 * the plan applied to the original organisation (every link linked-ready: anchor set, duplicates
 * gone as planned, AD UPNs rewritten; every other object untouched), and every object apply deleted
 * or purged, and every AD UPN it rewrote, has a journaled backup equal to the original.
 */
final class CrashCheck {
  private CrashCheck() {}

  /**
   * @param objectsLost objects gone or changed that the plan did not say, or destroyed without a
   *     backup equal to the original
   */
  record Result(int objectsLost, int backupsChecked, List<String> problems) {}

  /**
   * Backup fields the original does not hold in the same form (licences are skuIds there); {@code
   * @odata.*} annotations are not compared either.
   */
  private static final Set<String> NOT_COMPARED = Set.of("assignedLicenses", "deletedDateTime");

  static Result check(
      Plan plan,
      TenantState original,
      String originalAd,
      TenantState now,
      String adNow,
      List<JsonNode> journal,
      String where) {
    List<String> problems = new ArrayList<>();
    int[] lost = {0};
    Set<String> gone = new HashSet<>();
    Set<String> softDeleted = new HashSet<>();
    Map<String, String> anchors = new HashMap<>();
    Map<String, String> upns = new HashMap<>();
    for (LinkPlan link : plan.links()) {
      for (Action a : link.actions()) {
        if (a instanceof PurgeDeletedUser p) {
          gone.add(key(p.objectId()));
        } else if (a instanceof DeleteUser d) {
          softDeleted.add(key(d.objectId()));
        } else if (a instanceof SetImmutableId s) {
          anchors.put(key(s.objectId()), s.to());
        } else if (a instanceof SetAdUpn u) {
          upns.put(u.dn(), u.to());
        }
      }
    }
    softDeleted.removeAll(gone);

    Map<String, ObjectNode> active = byId(now.users());
    Map<String, ObjectNode> deleted = byId(now.deletedUsers());
    Map<String, ObjectNode> before = byId(original.users());
    before.putAll(byId(original.deletedUsers()));
    for (ObjectNode u : original.users()) {
      String id = key(u.get("id").asText());
      ObjectNode expected = u.deepCopy();
      if (anchors.containsKey(id)) {
        expected.put("onPremisesImmutableId", anchors.get(id));
      }
      if (gone.contains(id)) {
        expectGone(id, active, deleted, where, problems);
      } else if (softDeleted.contains(id)) {
        expectSame(where + ": soft-deleted " + id, expected, deleted.get(id), lost, problems);
      } else {
        expectSame(where + ": user " + id, expected, active.get(id), lost, problems);
      }
    }
    for (ObjectNode u : original.deletedUsers()) {
      String id = key(u.get("id").asText());
      if (gone.contains(id)) {
        expectGone(id, active, deleted, where, problems);
      } else {
        expectSame(where + ": deleted user " + id, u, deleted.get(id), lost, problems);
      }
    }
    int extra = active.size() + deleted.size() - before.size() + countGone(gone, before);
    if (extra != 0) {
      problems.add(where + ": " + extra + " users more than the plan leaves");
    }

    Map<String, String> adBefore = upnsByDn(originalAd);
    String expectedAd = originalAd;
    for (Map.Entry<String, String> e : upns.entrySet()) {
      expectedAd =
          expectedAd.replace(
              "userPrincipalName: " + adBefore.get(e.getKey()) + "\n",
              "userPrincipalName: " + e.getValue() + "\n");
    }
    if (!expectedAd.equals(adNow)) {
      lost[0]++;
      problems.add(where + ": AD is not the original with the planned UPNs rewritten");
    }

    int backups = checkBackups(journal, before, adBefore, gone, softDeleted, upns, where, problems);
    int unbacked = (int) problems.stream().filter(p -> p.contains("no backup")).count();
    return new Result(lost[0] + unbacked, backups, problems);
  }

  private static int countGone(Set<String> gone, Map<String, ObjectNode> before) {
    return (int) gone.stream().filter(before::containsKey).count();
  }

  private static int checkBackups(
      List<JsonNode> journal,
      Map<String, ObjectNode> before,
      Map<String, String> adBefore,
      Set<String> gone,
      Set<String> softDeleted,
      Map<String, String> upns,
      String where,
      List<String> problems) {
    Set<String> backedUp = new HashSet<>();
    int checked = 0;
    for (JsonNode e : journal) {
      JsonNode backup = e.get("backup");
      if (!"intent".equals(e.path("event").asText()) || backup == null) {
        continue;
      }
      checked++;
      if (backup.has("dn")) {
        String dn = backup.get("dn").asText();
        if (!backup.path("userPrincipalName").asText().equals(adBefore.get(dn))) {
          problems.add(where + ": the backup of " + dn + " is not its original UPN");
        }
        backedUp.add(dn);
        continue;
      }
      String id = key(backup.path("id").asText());
      ObjectNode was = before.get(id);
      if (was == null) {
        problems.add(where + ": a backup of " + id + ", which was not in the original tenant");
        continue;
      }
      backup
          .fieldNames()
          .forEachRemaining(
              f -> {
                JsonNode value = backup.get(f);
                JsonNode originalValue = was.get(f);
                // A property the original does not carry comes back as Graph's default.
                boolean same =
                    originalValue == null || originalValue.isNull()
                        ? value.isNull() || (value.isContainerNode() && value.isEmpty())
                        : value.equals(originalValue);
                // A target backed up after apply's probe holds the probe placeholder; the probe's
                // own intent, checked like every other, holds the value it replaced.
                if (f.equals("onPremisesImmutableId")
                    && dev.hardmatch.plan.ProbeAnchor.isFor(value.asText(null), id)) {
                  same = true;
                }
                if (!NOT_COMPARED.contains(f) && !f.startsWith("@odata.") && !same) {
                  problems.add(where + ": the backup of " + id + " differs in " + f);
                }
              });
      backedUp.add(e.path("step").asText() + " " + id);
    }
    for (String id : gone) {
      if (!backedUp.contains("purgeDeletedUser " + id)) {
        problems.add(where + ": no backup journaled for the purge of " + id);
      }
    }
    for (String id : softDeleted) {
      if (!backedUp.contains("deleteUser " + id)) {
        problems.add(where + ": no backup journaled for the delete of " + id);
      }
    }
    for (String dn : upns.keySet()) {
      if (!backedUp.contains(dn)) {
        problems.add(where + ": no backup journaled for the UPN rewrite of " + dn);
      }
    }
    return checked;
  }

  private static void expectGone(
      String id,
      Map<String, ObjectNode> active,
      Map<String, ObjectNode> deleted,
      String where,
      List<String> problems) {
    if (active.containsKey(id) || deleted.containsKey(id)) {
      problems.add(where + ": " + id + " should be purged and is still there");
    }
  }

  private static void expectSame(
      String what, ObjectNode expected, ObjectNode actual, int[] lost, List<String> problems) {
    if (actual == null) {
      lost[0]++;
      problems.add(what + " is gone");
      return;
    }
    ObjectNode a = actual.deepCopy();
    ObjectNode e = expected.deepCopy();
    a.remove("deletedDateTime");
    e.remove("deletedDateTime");
    if (!a.equals(e)) {
      lost[0]++;
      problems.add(what + " differs from the plan: " + a + " expected " + e);
    }
  }

  private static Map<String, ObjectNode> byId(List<ObjectNode> users) {
    Map<String, ObjectNode> m = new HashMap<>();
    users.forEach(u -> m.put(key(u.get("id").asText()), u));
    return m;
  }

  /** dn → userPrincipalName of an AD dump's entries. */
  private static Map<String, String> upnsByDn(String dump) {
    Map<String, String> m = new HashMap<>();
    for (String entry : dump.split("\n\n")) {
      String dn = null;
      String upn = null;
      for (String line : entry.split("\n")) {
        if (line.startsWith("dn: ")) {
          dn = line.substring(4);
        } else if (line.startsWith("userPrincipalName: ")) {
          upn = line.substring(19);
        }
      }
      if (dn != null) {
        m.put(dn, upn);
      }
    }
    return m;
  }

  private static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }
}
