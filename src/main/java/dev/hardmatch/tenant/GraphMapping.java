package dev.hardmatch.tenant;

import com.microsoft.graph.models.AssignedLicense;
import com.microsoft.graph.models.OrganizationCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.kiota.serialization.JsonParseNodeFactory;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import dev.hardmatch.HardmatchException;
import dev.hardmatch.HardmatchException.Code;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** From the SDK's models to the project's records ({@link CloudUser}, {@link Organization}). */
final class GraphMapping {
  private GraphMapping() {}

  /** Every user property hardmatch reads; onPremisesImmutableId only comes back when selected. */
  static final String[] USER_SELECT = {
    "id",
    "userPrincipalName",
    "displayName",
    "givenName",
    "surname",
    "mail",
    "proxyAddresses",
    "accountEnabled",
    "onPremisesImmutableId",
    "onPremisesSyncEnabled",
    "assignedLicenses",
    // A previously synced user's traces, and what ties a sync-created user to its AD object.
    "onPremisesSecurityIdentifier",
    "onPremisesDistinguishedName",
    "onPremisesLastSyncDateTime"
  };

  static final String[] DELETED_USER_SELECT = append(USER_SELECT, "deletedDateTime");

  /** What discover reads of every user: the identifiers that tie it to an AD user. */
  static final String[] LISTING_SELECT = {
    "id",
    "userPrincipalName",
    "displayName",
    "givenName",
    "surname",
    "mail",
    "proxyAddresses",
    "otherMails",
    "employeeId",
    "onPremisesImmutableId",
    "onPremisesSecurityIdentifier",
    "onPremisesSamAccountName",
    "onPremisesSyncEnabled"
  };

  static ListedUser toListedUser(User u, boolean deleted) {
    return new ListedUser(
        u.getId(),
        u.getUserPrincipalName(),
        u.getDisplayName(),
        u.getGivenName(),
        u.getSurname(),
        u.getMail(),
        nonNull(u.getProxyAddresses()),
        nonNull(u.getOtherMails()),
        u.getEmployeeId(),
        u.getOnPremisesImmutableId(),
        u.getOnPremisesSecurityIdentifier(),
        u.getOnPremisesSamAccountName(),
        u.getOnPremisesSyncEnabled(),
        deleted);
  }

  static CloudUser toCloudUser(User u) {
    List<String> licenses = new ArrayList<>();
    for (AssignedLicense license : nonNull(u.getAssignedLicenses())) {
      if (license != null && license.getSkuId() != null) {
        licenses.add(license.getSkuId().toString());
      }
    }
    return new CloudUser(
        u.getId(),
        u.getUserPrincipalName(),
        u.getDisplayName(),
        u.getGivenName(),
        u.getSurname(),
        u.getMail(),
        List.copyOf(nonNull(u.getProxyAddresses())),
        u.getAccountEnabled(),
        u.getOnPremisesImmutableId(),
        u.getOnPremisesSyncEnabled(),
        List.copyOf(licenses),
        u.getDeletedDateTime() == null
            ? null
            : DateTimeFormatter.ISO_INSTANT.format(u.getDeletedDateTime()),
        u.getOnPremisesSecurityIdentifier(),
        u.getOnPremisesDistinguishedName(),
        u.getOnPremisesLastSyncDateTime() == null
            ? null
            : DateTimeFormatter.ISO_INSTANT.format(u.getOnPremisesLastSyncDateTime()),
        null);
  }

  static Organization toOrganization(OrganizationCollectionResponse answer) {
    List<com.microsoft.graph.models.Organization> orgs = nonNull(answer.getValue());
    if (orgs.isEmpty()) {
      throw new HardmatchException(Code.GRAPH, "Graph returned no organization", null);
    }
    com.microsoft.graph.models.Organization org = orgs.get(0);
    List<Organization.VerifiedDomain> domains = new ArrayList<>();
    for (com.microsoft.graph.models.VerifiedDomain d : nonNull(org.getVerifiedDomains())) {
      domains.add(
          new Organization.VerifiedDomain(
              d.getName(),
              Boolean.TRUE.equals(d.getIsDefault()),
              Boolean.TRUE.equals(d.getIsInitial())));
    }
    return new Organization(org.getId(), org.getDisplayName(), List.copyOf(domains));
  }

  /** A JSON body (a batch item's) as an SDK model; no body reads as {@code {}}. */
  static <T extends Parsable> T parse(byte[] body, ParsableFactory<T> factory) {
    byte[] json = body == null ? "{}".getBytes(StandardCharsets.UTF_8) : body;
    T value =
        new JsonParseNodeFactory()
            .getParseNode("application/json", new ByteArrayInputStream(json))
            .getObjectValue(factory);
    if (value == null) {
      throw new IllegalStateException("Graph returned an empty body");
    }
    return value;
  }

  /** A PATCH body carrying onPremisesImmutableId (and the SDK's own "@odata.type"). */
  static User anchorPatch(String immutableId) {
    User patch = new User();
    patch.setOnPremisesImmutableId(immutableId);
    return patch;
  }

  static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String[] append(String[] values, String extra) {
    String[] out = Arrays.copyOf(values, values.length + 1);
    out[values.length] = extra;
    return out;
  }
}
