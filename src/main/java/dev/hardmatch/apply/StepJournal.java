package dev.hardmatch.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.plan.Action;
import dev.hardmatch.plan.DeleteUser;
import dev.hardmatch.plan.LinkPlan;
import dev.hardmatch.plan.PurgeDeletedUser;
import dev.hardmatch.plan.SetAdUpn;
import dev.hardmatch.plan.SetImmutableId;
import dev.hardmatch.tenant.CloudUser;
import dev.hardmatch.util.Json;

/**
 * The journal entries of the executor's steps (see {@link Journal} for their fields): the intent
 * with a full backup before a step, its outcome after, a skip, a failure.
 */
final class StepJournal {
  private static final ObjectMapper JSON = Json.mapper();

  private final Journal journal;

  StepJournal(Journal journal) {
    this.journal = journal;
  }

  Journal journal() {
    return journal;
  }

  /**
   * Before a cloud step: what is about to happen and the object as just read; {@code complete},
   * when read, is its complete backup (every property Graph returns, manager, memberships), which
   * then is the backup, with the skuIds of its licences under {@code assignedLicenseSkus}.
   */
  void intent(LinkPlan link, Action a, CloudUser backup, JsonNode complete) {
    ObjectNode entry = entry(Journal.Event.INTENT, link, a);
    entry.put("objectId", objectId(a));
    if (complete instanceof ObjectNode full) {
      ObjectNode b = full.deepCopy();
      b.set("assignedLicenseSkus", JSON.valueToTree(backup.assignedLicenses()));
      entry.set("backup", b);
    } else {
      entry.set("backup", JSON.valueToTree(backup));
    }
    if (a instanceof SetImmutableId s) {
      entry.put("from", s.from());
      entry.put("to", s.to());
    }
    journal.append(entry);
  }

  /**
   * Before the probe write of a link (README, "Apply"): the target's backup and the placeholder.
   */
  void intent(LinkPlan link, SetImmutableId s, String step, CloudUser backup, String placeholder) {
    ObjectNode entry = entry(Journal.Event.INTENT, link, step);
    entry.put("objectId", s.objectId());
    entry.set("backup", JSON.valueToTree(backup));
    entry.put("from", backup.onPremisesImmutableId());
    entry.put("to", placeholder);
    journal.append(entry);
  }

  /** After the probe write was accepted. */
  void done(LinkPlan link, SetImmutableId s, String step, String requestId) {
    ObjectNode entry = entry(Journal.Event.DONE, link, step);
    entry.put("objectId", s.objectId());
    entry.put("requestId", requestId);
    journal.append(entry);
  }

  /** A probe not needed. */
  void skipped(LinkPlan link, SetImmutableId s, String step, String reason) {
    ObjectNode entry = entry(Journal.Event.SKIPPED, link, step);
    entry.put("objectId", s.objectId());
    entry.put("reason", reason);
    journal.append(entry);
  }

  /** Before setAdUpn: its DN and old UPN. */
  void intent(LinkPlan link, SetAdUpn u, String dn, String oldUpn) {
    ObjectNode intent = entry(Journal.Event.INTENT, link, u);
    intent.put("dn", u.dn());
    ObjectNode backup = intent.putObject("backup");
    backup.put("dn", dn);
    backup.put("userPrincipalName", oldUpn);
    intent.put("to", u.to());
    journal.append(intent);
  }

  /** After setAdUpn. */
  void done(LinkPlan link, SetAdUpn u) {
    ObjectNode done = entry(Journal.Event.DONE, link, u);
    done.put("dn", u.dn());
    journal.append(done);
  }

  /** After a cloud write; {@code alreadyGone} when Graph answered 404. */
  void done(LinkPlan link, Action a, String requestId, boolean alreadyGone) {
    ObjectNode entry = entry(Journal.Event.DONE, link, a);
    entry.put("objectId", objectId(a));
    entry.put("requestId", requestId);
    if (alreadyGone) {
      entry.put("alreadyGone", true); // 404: someone (or a lost answer) got there first
    }
    journal.append(entry);
  }

  void skipped(LinkPlan link, Action a, String reason) {
    ObjectNode entry = entry(Journal.Event.SKIPPED, link, a);
    if (a instanceof SetAdUpn u) {
      entry.put("dn", u.dn());
    } else {
      entry.put("objectId", objectId(a));
    }
    entry.put("reason", reason);
    journal.append(entry);
  }

  void failed(LinkPlan link, Action a, String message, boolean syncRace) {
    ObjectNode entry = entry(Journal.Event.FAILED, link, a);
    entry.put("objectId", objectId(a));
    entry.put("error", message);
    if (syncRace) {
      entry.put("syncRace", true);
    }
    journal.append(entry);
  }

  private ObjectNode entry(Journal.Event event, LinkPlan link, Action a) {
    return entry(event, link, a.type());
  }

  private ObjectNode entry(Journal.Event event, LinkPlan link, String step) {
    ObjectNode entry = journal.entry(event);
    entry.put("link", link.sam());
    entry.put("step", step);
    return entry;
  }

  static String objectId(Action a) {
    if (a instanceof DeleteUser d) {
      return d.objectId();
    } else if (a instanceof PurgeDeletedUser p) {
      return p.objectId();
    } else if (a instanceof SetImmutableId s) {
      return s.objectId();
    } else if (a instanceof SetAdUpn u) {
      return u.dn();
    }
    return null;
  }

  /** A step for messages, e.g. {@code deleteUser john1234@contoso.onmicrosoft.com (id)}. */
  static String describe(Action a) {
    if (a instanceof DeleteUser d) {
      return "deleteUser " + d.userPrincipalName() + " (" + d.objectId() + ")";
    } else if (a instanceof PurgeDeletedUser p) {
      return "purgeDeletedUser " + p.userPrincipalName() + " (" + p.objectId() + ")";
    } else if (a instanceof SetImmutableId s) {
      return "setImmutableId " + s.userPrincipalName() + " → " + s.to();
    } else if (a instanceof SetAdUpn u) {
      return "setAdUpn " + u.dn() + " → " + u.to();
    }
    return a.type();
  }
}
