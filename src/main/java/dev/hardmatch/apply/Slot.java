package dev.hardmatch.apply;

import dev.hardmatch.plan.Action;
import dev.hardmatch.plan.DeleteUser;
import dev.hardmatch.plan.LinkPlan;
import dev.hardmatch.plan.PurgeDeletedUser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One link's progress through the waves of its chunk. */
final class Slot {
  final int index;
  final LinkPlan link;
  final List<String> parts = new ArrayList<>();
  final Set<Action> done = new HashSet<>();
  final Set<String> removed = new HashSet<>();
  boolean wrote;
  Action failedAt;
  String failure;
  boolean syncRace;

  Slot(int index, LinkPlan link) {
    this.index = index;
    this.link = link;
    for (Action a : link.actions()) {
      if (a instanceof DeleteUser d) {
        removed.add(d.objectId());
      } else if (a instanceof PurgeDeletedUser p) {
        removed.add(p.objectId());
      }
    }
  }

  boolean failed() {
    return failedAt != null;
  }
}
