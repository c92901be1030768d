package dev.hardmatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path dir;

  // The first thing a new user runs tells the whole story and ends with every link verified.
  @Test
  void demoEndsWithEveryLinkVerifiedAndNothingLeftToPlan() {
    CliResult r = CliResult.run(Map.of(), dir, "demo");
    assertEquals(0, r.exit(), r.toString());
    String out = r.out();
    assertTrue(r.err().contains("error[TARGET_PRIVILEGED] bobadm"), r.err());
    // The tenant starts with the takeover window closed: the draft plan says so.
    assertTrue(r.err().contains("error[TAKEOVER_BLOCKED]"), r.err());
    String opened =
        "takeover window: was closed (blockCloudObjectTakeoverThroughHardMatchEnabled: hard"
            + " matches blocked); now open.";
    String closed = "takeover window: was open (hard matches allowed); now closed";
    assertTrue(out.contains(opened), out);
    assertTrue(out.contains(closed), out);
    assertTrue(out.contains("Plan: 3 to delete, 4 to purge, 9 to link, 1 unchanged"), out);
    assertTrue(out.contains("Applied 9, already done 1, failed 0"), out);
    assertTrue(out.contains("10 links: 10 linked, 0 pending-sync, 0 not-applied, 0 broken"), out);
    assertTrue(out.contains("No changes. 10 links already linked."), out);
    assertTrue(out.indexOf("validate") < out.indexOf("Applied 9"));
    // Opened before the plan that is applied, closed only after every link is linked.
    assertTrue(out.indexOf(opened) < out.indexOf("Plan: 3 to delete"), out);
    assertTrue(out.indexOf("10 linked, 0 pending-sync") < out.indexOf(closed), out);
    assertTrue(out.indexOf(closed) < out.indexOf("No changes. 10 links already linked."), out);
  }
}
