package dev.hardmatch.doctor;

import dev.hardmatch.ExitCode;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.anchor.Sid;
import dev.hardmatch.directory.Directory;
import dev.hardmatch.directory.OpenStep;
import dev.hardmatch.directory.SampledUser;
import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.GraphCall;
import dev.hardmatch.tenant.GraphProbe;
import dev.hardmatch.tenant.SyncedUser;
import dev.hardmatch.tenant.Tenant;
import dev.hardmatch.tenant.TenantDiagnosis;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The doctor use case (docs/doctor.md): everything plan and apply will need, checked one line at a
 * time, each {@code ok}, {@code warn} or {@code fail} with the fix. The links file was validated by
 * the caller; here the directory's connection (TCP, TLS, bind), the attributes the bind account
 * reads, each Graph permission by one read, the takeover flag, Entra ID P2, and the anchor Entra
 * Connect wrote on a sample of synced users against the one hardmatch computes. Writes nothing.
 */
public final class Doctor {
  /** Users sampled at most: links' users for the attributes, synced users for the anchor. */
  public static final int SAMPLE_SIZE = 20;

  private static final String SAMPLE = "ldap search";

  /** How doctor reaches both systems: exactly as plan does ({@code connect.Connectors}). */
  public interface Systems {
    /** Reads the bind password as opening the directory would (never returns it). */
    void checkBindPassword(LinksFile links);

    /** Opens the directory, telling {@code steps} each step done. */
    Directory openDirectory(LinksFile links, Consumer<OpenStep> steps);

    Tenant openTenant(LinksFile links);
  }

  /** Every check, in order. */
  public record Report(List<Check> checks) {
    public boolean failed() {
      return checks.stream().anyMatch(c -> c.status() == Check.Status.FAIL);
    }

    /** 0 when nothing failed, 1 otherwise. */
    public int exitCode() {
      return (failed() ? ExitCode.RUNTIME : ExitCode.OK).code();
    }
  }

  private Doctor() {}

  /**
   * Runs every check against the systems {@code links} names.
   *
   * @param status told what is being checked (a progress line); never null
   */
  public static Report run(LinksFile links, Systems systems, Consumer<String> status) {
    List<Check> checks = new ArrayList<>();
    checks.add(
        Check.ok(
            "links file",
            "valid: "
                + links.links().size()
                + (links.links().size() == 1 ? " link" : " links")
                + ", sourceAnchor "
                + links.directory().sourceAnchor().yaml()));
    status.accept("connecting to " + links.directory().url());
    Directory directory = new LdapChecks(links.directory()).open(systems, links, checks);
    try {
      status.accept("reading " + links.tenant().graph());
      TenantDiagnosis tenant = null;
      List<Check> graph;
      try (Tenant t = systems.openTenant(links)) {
        tenant = t.diagnose(SAMPLE_SIZE);
        graph = new GraphChecks(links, tenant).checks();
      } catch (HardmatchException e) {
        graph = List.of(Check.fail(GraphChecks.SIGN_IN, e.getMessage(), e.fix()));
      }
      SampleChecks sampled = null;
      if (directory == null) {
        checks.add(Check.notChecked(SAMPLE, "no LDAP connection"));
      } else {
        status.accept("sampling users in AD");
        List<SampledUser> sample =
            sample(links, directory, tenant == null ? List.of() : tenant.synced(), checks);
        if (sample != null) {
          sampled = new SampleChecks(links, sample);
          checks.addAll(sampled.attributes());
        }
      }
      checks.addAll(graph);
      checks.add(anchor(sampled, tenant));
    } finally {
      if (directory != null) {
        directory.close();
      }
    }
    return new Report(List.copyOf(checks));
  }

  private static Check anchor(SampleChecks sampled, TenantDiagnosis tenant) {
    GraphProbe users = tenant == null ? null : tenant.probes().get(GraphCall.USERS);
    if (users == null || !users.ok()) {
      return Check.notChecked(SampleChecks.ANCHOR, "users could not be listed in Graph");
    }
    if (sampled == null) {
      return Check.notChecked(SampleChecks.ANCHOR, "AD users could not be read");
    }
    return sampled.anchor(tenant.synced(), tenant.usersListed());
  }

  /** The first links' users and the synced users' AD users, in one search; null when it failed. */
  private static List<SampledUser> sample(
      LinksFile links, Directory directory, List<SyncedUser> synced, List<Check> checks) {
    Set<String> sams = new LinkedHashSet<>();
    for (LinksFile.Link link : links.links()) {
      if (sams.size() < SAMPLE_SIZE) {
        sams.add(link.sam());
      }
    }
    List<byte[]> sids = new ArrayList<>();
    for (SyncedUser s : synced) {
      try {
        sids.add(Sid.toBytes(s.securityIdentifier()));
      } catch (IllegalArgumentException notASid) {
        // Not an SDDL SID: no AD user can carry it.
      }
    }
    try {
      List<SampledUser> sample = directory.sample(sams, sids);
      checks.add(
          Check.ok(
              SAMPLE,
              "found "
                  + sample.size()
                  + " users below "
                  + links.directory().baseDn()
                  + " ("
                  + sams.size()
                  + " links' users and "
                  + sids.size()
                  + " synced users looked up)"));
      return sample;
    } catch (HardmatchException e) {
      checks.add(Check.fail(SAMPLE, e.getMessage(), e.fix()));
      return null;
    }
  }
}
