package dev.hardmatch.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.directory.AdUser;
import dev.hardmatch.plan.ProbeAnchor;
import dev.hardmatch.tenant.CloudUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The steps of {@code hardmatch unlink}, one link at a time: each first reads the object and skips
 * when its end state already holds (the anchor is {@code from} again; the duplicate is active; the
 * AD user has its old UPN), journals the intent, writes, and journals the outcome with Graph's
 * request-id. A failed step fails its link (its later steps are not tried).
 */
final class UnlinkSteps {
  private final Connections conn;
  private final Journal journal;

  UnlinkSteps(Connections conn, Journal journal) {
    this.conn = conn;
    this.journal = journal;
  }

  /** What one link came to: the progress words, whether anything was written, the failure. */
  record Outcome(List<String> parts, boolean wrote, String failure) {}

  Outcome run(UndoSteps.LinkUndo link) {
    List<String> parts = new ArrayList<>();
    boolean wrote = false;
    for (UndoSteps.Revert r : link.reverts()) {
      try {
        wrote |= revert(link, r, parts);
      } catch (RuntimeException e) {
        String message =
            e instanceof HardmatchException || e instanceof StepFailed
                ? e.getMessage()
                : e.toString();
        ObjectNode failed = entry(Journal.Event.FAILED, link, r);
        failed.put("error", message);
        journal.append(failed);
        parts.add("FAILED " + r.step() + " " + r.object() + ": " + message);
        return new Outcome(parts, wrote, r.step() + " " + r.object() + ": " + message);
      }
    }
    return new Outcome(parts, wrote, null);
  }

  /** Returns whether it wrote. */
  private boolean revert(UndoSteps.LinkUndo link, UndoSteps.Revert r, List<String> parts) {
    if (r instanceof UndoSteps.RestoreAnchor a) {
      CloudUser now =
          conn.tenant()
              .user(a.objectId())
              .orElseThrow(() -> new StepFailed("the target " + a.upn() + " is gone", false, null));
      if (Objects.equals(now.onPremisesImmutableId(), a.from())) {
        skipped(link, r, "the anchor is already " + (a.from() == null ? "empty" : a.from()));
        parts.add(a.from() == null ? "anchor already cleared" : "anchor already restored");
        return false;
      }
      String current = now.onPremisesImmutableId();
      if (!Objects.equals(current, a.to()) && !ProbeAnchor.isFor(current, a.objectId())) {
        throw new StepFailed(
            "its anchor is " + now.onPremisesImmutableId() + ", not the " + a.to() + " apply set",
            false,
            null);
      }
      ObjectNode intent = entry(Journal.Event.INTENT, link, r);
      intent.put("from", current);
      if (a.from() == null) {
        intent.putNull("to");
      } else {
        intent.put("to", a.from());
      }
      journal.append(intent);
      done(link, r, conn.tenant().setImmutableId(a.objectId(), a.from()));
      parts.add(a.from() == null ? "anchor cleared" : "anchor restored to " + a.from());
      return true;
    }
    if (r instanceof UndoSteps.RestoreDeleted d) {
      if (conn.tenant().user(d.objectId()).isPresent()) {
        skipped(link, r, "already active");
        parts.add("duplicate " + d.upn() + " already restored");
        return false;
      }
      Optional<CloudUser> inBin = conn.tenant().deletedUser(d.objectId());
      if (inBin.isEmpty()) {
        throw new StepFailed(
            d.upn()
                + " ("
                + d.objectId()
                + ") is neither active nor in the recycle bin: it was purged since and cannot be"
                + " restored; its backup is in the journal",
            false,
            null);
      }
      journal.append(entry(Journal.Event.INTENT, link, r));
      done(link, r, conn.tenant().restoreDeletedUser(d.objectId()));
      parts.add("restored duplicate " + d.upn());
      return true;
    }
    UndoSteps.RestoreAdUpn u = (UndoSteps.RestoreAdUpn) r;
    AdUser user = null;
    for (AdUser x : conn.directory().read(List.of(link.link().sam())).find(link.link().sam())) {
      if (x.dn().equalsIgnoreCase(u.dn())) {
        user = x;
      }
    }
    if (user == null) {
      throw new StepFailed("AD user " + u.dn() + " not found", false, null);
    }
    if (Objects.equals(user.userPrincipalName(), u.from())) {
      skipped(link, r, "AD userPrincipalName already " + u.from());
      parts.add("AD UPN already " + u.from());
      return false;
    }
    if (u.from() == null) {
      throw new StepFailed("the AD user had no userPrincipalName before apply", false, null);
    }
    ObjectNode intent = entry(Journal.Event.INTENT, link, r);
    intent.put("from", user.userPrincipalName());
    intent.put("to", u.from());
    journal.append(intent);
    conn.directory().setUserPrincipalName(u.dn(), u.from());
    journal.append(entry(Journal.Event.DONE, link, r));
    parts.add("AD UPN restored to " + u.from());
    return true;
  }

  private void skipped(UndoSteps.LinkUndo link, UndoSteps.Revert r, String reason) {
    ObjectNode e = entry(Journal.Event.SKIPPED, link, r);
    e.put("reason", reason);
    journal.append(e);
  }

  private void done(UndoSteps.LinkUndo link, UndoSteps.Revert r, String requestId) {
    ObjectNode e = entry(Journal.Event.DONE, link, r);
    e.put("requestId", requestId);
    journal.append(e);
  }

  private ObjectNode entry(Journal.Event event, UndoSteps.LinkUndo link, UndoSteps.Revert r) {
    ObjectNode e = journal.entry(event);
    e.put("link", link.link().sam());
    e.put("step", r.step());
    if (r instanceof UndoSteps.RestoreAdUpn) {
      e.put("dn", r.object());
    } else {
      e.put("objectId", r.object());
    }
    return e;
  }
}
