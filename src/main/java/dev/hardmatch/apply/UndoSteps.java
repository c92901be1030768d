package dev.hardmatch.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hardmatch.plan.Action;
import dev.hardmatch.plan.DeleteUser;
import dev.hardmatch.plan.LinkPlan;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.plan.PurgeDeletedUser;
import dev.hardmatch.plan.SetAdUpn;
import dev.hardmatch.plan.SetImmutableId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code hardmatch unlink} would revert, derived from the plan and its journal: only steps an
 * apply run of this plan journaled (an intent or an outcome) are reverted, each by its inverse —
 * setImmutableId by writing the anchor back to the plan's {@code from} (null: cleared), deleteUser
 * by restoring the object from the recycle bin, setAdUpn by writing the old UPN back. A purge
 * cannot be undone; it is listed with the journal line holding the object's backup.
 */
final class UndoSteps {
  /** The inverse of one journaled apply step. */
  sealed interface Revert permits RestoreAnchor, RestoreDeleted, RestoreAdUpn {
    /** The step's name in the journal. */
    String step();

    /** The object id (or DN) it touches. */
    String object();
  }

  /** Writes the target's anchor back to what it was before apply ({@code from}, usually null). */
  record RestoreAnchor(String objectId, String upn, String from, String to) implements Revert {
    @Override
    public String step() {
      return from == null ? "clearImmutableId" : "restoreImmutableId";
    }

    @Override
    public String object() {
      return objectId;
    }
  }

  /** Restores a deleted (not purged) duplicate from the recycle bin. */
  record RestoreDeleted(String objectId, String upn) implements Revert {
    @Override
    public String step() {
      return "restoreDeletedUser";
    }

    @Override
    public String object() {
      return objectId;
    }
  }

  /** Writes the AD user's old UPN back. */
  record RestoreAdUpn(String dn, String from, String to) implements Revert {
    @Override
    public String step() {
      return "restoreAdUpn";
    }

    @Override
    public String object() {
      return dn;
    }
  }

  /** A purged object: gone for good; its backup is at {@code backupLine} of the journal. */
  record Purged(String link, String objectId, String upn, Integer backupLine) {}

  /** One link's reverts, in the order they run. */
  record LinkUndo(int index, LinkPlan link, List<Revert> reverts) {}

  final List<LinkUndo> links = new ArrayList<>();
  final List<Purged> purged = new ArrayList<>();

  private UndoSteps() {}

  static UndoSteps of(Plan plan, List<JournalLines.Line> journal) {
    Set<String> touched = new HashSet<>(); // step + object of every journaled apply step
    Set<String> purgedIds = new HashSet<>();
    Map<String, Integer> backups = new HashMap<>();
    String command = "apply";
    for (JournalLines.Line line : journal) {
      JsonNode e = line.entry();
      if (Journal.Event.BEGIN.is(e)) {
        command = e.path("command").asText("apply");
        continue;
      }
      if (!command.equals("apply")) {
        continue;
      }
      String object =
          e.hasNonNull("objectId") ? e.path("objectId").asText() : e.path("dn").asText();
      String step = e.path("step").asText();
      if (Journal.Event.INTENT.is(e) || Journal.Event.DONE.is(e)) {
        touched.add(step + " " + object);
      }
      if (Journal.Event.INTENT.is(e) && e.has("backup")) {
        backups.put(object, line.number());
      }
      if (Journal.Event.DONE.is(e) && step.equals("purgeDeletedUser")) {
        purgedIds.add(object);
      }
    }
    UndoSteps undo = new UndoSteps();
    for (int i = 0; i < plan.links().size(); i++) {
      LinkPlan link = plan.links().get(i);
      List<Revert> anchors = new ArrayList<>();
      List<Revert> restores = new ArrayList<>();
      List<Revert> adUpns = new ArrayList<>();
      for (Action a : link.actions()) {
        String key = a.type() + " " + StepJournal.objectId(a);
        if (a instanceof PurgeDeletedUser p && purgedIds.contains(p.objectId())) {
          undo.purged.add(
              new Purged(
                  link.sam(), p.objectId(), p.userPrincipalName(), backups.get(p.objectId())));
        } else if (a instanceof SetImmutableId s
            && (touched.contains(key) || touched.contains(Steps.PROBE + " " + s.objectId()))) {
          // apply's probe placeholder is its write too (plan.ProbeAnchor): reverted like the
          // anchor.
          anchors.add(new RestoreAnchor(s.objectId(), s.userPrincipalName(), s.from(), s.to()));
        } else if (!touched.contains(key)) {
          continue;
        } else if (a instanceof DeleteUser d && !purgedIds.contains(d.objectId())) {
          restores.add(new RestoreDeleted(d.objectId(), d.userPrincipalName()));
        } else if (a instanceof SetAdUpn u) {
          adUpns.add(new RestoreAdUpn(u.dn(), u.from(), u.to()));
        }
      }
      // The anchor goes first, so a restored duplicate never meets a second holder of its anchor.
      List<Revert> all = new ArrayList<>(anchors);
      all.addAll(restores);
      all.addAll(adUpns);
      if (!all.isEmpty()) {
        undo.links.add(new LinkUndo(i, link, List.copyOf(all)));
      }
    }
    return undo;
  }

  boolean isEmpty() {
    return links.isEmpty();
  }
}
