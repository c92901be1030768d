package dev.hardmatch.doctor;

import dev.hardmatch.spec.LinksFile;
import dev.hardmatch.tenant.GraphCall;
import dev.hardmatch.tenant.GraphProbe;
import dev.hardmatch.tenant.Organization;
import dev.hardmatch.tenant.TenantDiagnosis;
import java.util.ArrayList;
import java.util.List;

/**
 * The tenant's checks: each Graph permission hardmatch needs, proved by one real read; the write
 * permissions, which no read proves; the takeover flag; Entra ID P2 (docs/doctor.md, whose table
 * names each call's documentation page).
 */
final class GraphChecks {
  static final String SIGN_IN = "graph sign-in";
  static final String TENANT = "tenant id";
  static final String ELIGIBLE = "eligible roles (Entra ID P2)";
  static final String TAKEOVER = "takeover window";

  private static final String DOCS = "https://learn.microsoft.com/graph/api/";

  /** A permission proved by one read. */
  private record Proof(GraphCall call, String permission, String usedFor, String docsPage) {}

  private static final List<Proof> PROOFS =
      List.of(
          new Proof(
              GraphCall.ORGANIZATION,
              "Organization.Read.All",
              "the tenant id and verified domains (plan, apply, verify)",
              "organization-list"),
          new Proof(
              GraphCall.USERS,
              "User.Read.All",
              "users by UPN and anchor (plan, apply, verify)",
              "user-list"),
          new Proof(
              GraphCall.DELETED_USERS,
              "User.Read.All",
              "the recycle bin (plan, apply)",
              "directory-deleteditems-list"),
          new Proof(
              GraphCall.ROLE_ASSIGNMENTS,
              "RoleManagement.Read.Directory",
              "privileged targets (plan, apply)",
              "rbacapplication-list-roleassignments"),
          new Proof(
              GraphCall.ROLE_ASSIGNABLE_GROUPS,
              "GroupMember.Read.All",
              "roles held through role-assignable groups (plan)",
              "group-list"));

  private final LinksFile links;
  private final TenantDiagnosis diagnosis;

  GraphChecks(LinksFile links, TenantDiagnosis diagnosis) {
    this.links = links;
    this.diagnosis = diagnosis;
  }

  /** Sign-in and tenant, the permissions, P2 and the takeover window. */
  List<Check> checks() {
    List<Check> checks = new ArrayList<>();
    GraphProbe first = diagnosis.probes().get(GraphCall.ORGANIZATION);
    if (first == null || first.status() < 0 || first.status() == 401) {
      String why = first == null ? "no answer" : first.failure();
      checks.add(
          Check.fail(
              SIGN_IN,
              why,
              first == null || first.fix() == null
                  ? "check tenant.graph and the sign-in (--auth)"
                  : first.fix()));
      return checks;
    }
    checks.add(Check.ok(SIGN_IN, "Graph at " + links.tenant().graph() + " answered"));
    checks.add(tenant(diagnosis.organization()));
    for (Proof p : PROOFS) {
      checks.add(permission(p));
    }
    checks.add(
        notProvable("User.ReadWrite.All", "apply sets onPremisesImmutableId", "user-update"));
    checks.add(
        notProvable(
            "User.DeleteRestore.All",
            "apply deletes and purges duplicates",
            "directory-deleteditems-delete"));
    checks.add(eligibilities(diagnosis.probes().get(GraphCall.ROLE_ELIGIBILITIES)));
    checks.add(takeover(diagnosis.probes().get(GraphCall.TAKEOVER_FLAG)));
    return checks;
  }

  private Check tenant(Organization org) {
    if (org == null) {
      return Check.notChecked(TENANT, "the organization could not be read");
    }
    if (!links.tenant().id().equalsIgnoreCase(org.tenantId())) {
      return Check.fail(
          TENANT,
          "the sign-in reaches tenant "
              + org.tenantId()
              + " ("
              + org.displayName()
              + "), the links file names "
              + links.tenant().id(),
          "sign in to the tenant the links file names, or correct tenant.id");
    }
    return Check.ok(TENANT, org.tenantId() + " (" + org.displayName() + ")");
  }

  private Check permission(Proof p) {
    String name = "permission " + p.permission() + ": " + p.call().request();
    GraphProbe probe = diagnosis.probes().get(p.call());
    if (probe == null) {
      return Check.notChecked(name, "Graph stopped answering");
    }
    if (probe.ok()) {
      return Check.ok(name, "allowed: " + p.usedFor());
    }
    if (probe.status() == 403) {
      return Check.fail(
          name,
          "refused (403 " + probe.code() + "): hardmatch needs it for " + p.usedFor(),
          "grant the application permission "
              + p.permission()
              + " to the app registration hardmatch signs in as, with admin consent ("
              + DOCS
              + p.docsPage()
              + ")");
    }
    return Check.fail(name, probe.failure(), probe.fix());
  }

  private static Check notProvable(String permission, String usedFor, String docsPage) {
    return Check.warn(
        "permission " + permission,
        "not checked without a write; apply probes each target before deleting (" + usedFor + ")",
        "make sure the write identity holds "
            + permission
            + " with admin consent ("
            + DOCS
            + docsPage
            + "); a refused probe leaves the duplicate untouched");
  }

  private static Check eligibilities(GraphProbe probe) {
    if (probe == null) {
      return Check.notChecked(ELIGIBLE, "Graph stopped answering");
    }
    if (probe.ok()) {
      return Check.ok(
          ELIGIBLE, "eligible role assignments listed: plan sees privileged eligible targets");
    }
    if (probe.status() == 400 && "AadPremiumLicenseRequired".equals(probe.code())) {
      return Check.ok(
          ELIGIBLE, "no P2: no eligibilities can exist (400 AadPremiumLicenseRequired)");
    }
    if (probe.status() == 403) {
      return Check.warn(
          ELIGIBLE,
          "refused (403 "
              + probe.code()
              + "): plan cannot see eligible privileged roles and warns on every run",
          "grant RoleEligibilitySchedule.Read.Directory (or RoleManagement.Read.Directory) with"
              + " admin consent ("
              + DOCS
              + "rbacapplication-list-roleeligibilityscheduleinstances)");
    }
    return Check.fail(ELIGIBLE, probe.failure(), probe.fix());
  }

  private Check takeover(GraphProbe probe) {
    if (probe == null) {
      return Check.notChecked(TAKEOVER, "Graph stopped answering");
    }
    if (probe.ok()) {
      if (Boolean.TRUE.equals(diagnosis.takeoverBlocked())) {
        return Check.fail(
            TAKEOVER,
            "blocked: blockCloudObjectTakeoverThroughHardMatchEnabled is on, Entra refuses every"
                + " hard match",
            "open the window for the migration as a Global Administrator: hardmatch takeover open "
                + fileName()
                + " --auth device-code; close it afterwards with hardmatch takeover close");
      }
      return Check.ok(
          TAKEOVER,
          "open: blockCloudObjectTakeoverThroughHardMatchEnabled is off; close it after the"
              + " migration (hardmatch takeover close)");
    }
    if (probe.status() == 403) {
      return Check.warn(
          TAKEOVER,
          "unknown: only a Global Administrator's delegated sign-in may read it"
              + " (OnPremDirectorySynchronization.Read.All; application permissions are not"
              + " supported)",
          "run hardmatch doctor "
              + fileName()
              + " --auth device-code signed in as a Global Administrator, or hardmatch takeover"
              + " status "
              + fileName()
              + " --auth device-code");
    }
    return Check.fail(TAKEOVER, probe.failure(), probe.fix());
  }

  private String fileName() {
    return links.path() == null ? "links.yaml" : links.path().getFileName().toString();
  }
}
