package dev.hardmatch.tenant;

import com.microsoft.graph.models.OnPremisesDirectorySynchronization;
import com.microsoft.graph.models.OnPremisesDirectorySynchronizationCollectionResponse;
import com.microsoft.graph.models.OrganizationCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import dev.hardmatch.HardmatchException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code hardmatch doctor}'s reads (docs/doctor.md): one request per permission, each the request
 * plan or apply sends (or its smallest page), and Graph's answer kept instead of thrown. The user
 * listing also finds the sample of users Entra Connect synced. Nothing is written. When Graph
 * cannot be reached or the sign-in fails, the reads stop there.
 */
final class GraphDiagnosis {
  /** Pages of 999 users listed at most to find the sample. */
  static final int MAX_USER_PAGES = 3;

  private static final String[] SYNCED_SELECT = {
    "id", "userPrincipalName", "onPremisesSecurityIdentifier", "onPremisesImmutableId"
  };

  private final GraphClient graph;
  private final Map<GraphCall, GraphProbe> probes = new EnumMap<>(GraphCall.class);
  private boolean unreachable;

  GraphDiagnosis(GraphClient graph) {
    this.graph = graph;
  }

  TenantDiagnosis run(int sampleSize) {
    GraphServiceClient sdk = graph.sdk();
    OrganizationCollectionResponse org =
        probe(GraphCall.ORGANIZATION, () -> sdk.organization().get());
    List<SyncedUser> synced = new ArrayList<>();
    int listed = listSynced(sdk, sampleSize, synced);
    probe(
        GraphCall.DELETED_USERS,
        () ->
            sdk.directory()
                .deletedItems()
                .graphUser()
                .get(
                    c -> {
                      c.queryParameters.select = new String[] {"id"};
                      c.queryParameters.top = 1;
                    }));
    probe(
        GraphCall.ROLE_ASSIGNMENTS, () -> sdk.roleManagement().directory().roleAssignments().get());
    probe(
        GraphCall.ROLE_ELIGIBILITIES,
        () -> sdk.roleManagement().directory().roleEligibilityScheduleInstances().get());
    probe(
        GraphCall.ROLE_ASSIGNABLE_GROUPS,
        () ->
            sdk.groups()
                .get(
                    c -> {
                      c.queryParameters.filter = "isAssignableToRole eq true";
                      c.queryParameters.select = new String[] {"id"};
                      c.queryParameters.top = 1;
                    }));
    OnPremisesDirectorySynchronizationCollectionResponse sync =
        probe(GraphCall.TAKEOVER_FLAG, () -> sdk.directory().onPremisesSynchronization().get());
    return new TenantDiagnosis(
        Map.copyOf(probes),
        org == null ? null : GraphMapping.toOrganization(org),
        sync == null ? null : takeoverBlocked(sync),
        List.copyOf(synced),
        listed);
  }

  /** Lists users page by page until {@code sampleSize} synced ones are found; returns how many. */
  private int listSynced(GraphServiceClient sdk, int sampleSize, List<SyncedUser> synced) {
    UserCollectionResponse page =
        probe(
            GraphCall.USERS,
            () ->
                sdk.users()
                    .get(
                        c -> {
                          c.queryParameters.select = SYNCED_SELECT;
                          c.queryParameters.top = 999;
                        }));
    int listed = 0;
    for (int pages = 1; page != null; pages++) {
      for (User u : GraphMapping.nonNull(page.getValue())) {
        listed++;
        String sid = u.getOnPremisesSecurityIdentifier();
        if (sid != null && !sid.isBlank() && synced.size() < sampleSize) {
          synced.add(
              new SyncedUser(
                  u.getId(), u.getUserPrincipalName(), sid, u.getOnPremisesImmutableId()));
        }
      }
      String next = page.getOdataNextLink();
      if (next == null || synced.size() >= sampleSize || pages >= MAX_USER_PAGES) {
        break;
      }
      try {
        page = sdk.users().withUrl(next).get();
      } catch (RuntimeException e) {
        break; // the permission is proved by the first page; the sample is what was found
      }
    }
    return listed;
  }

  /** The flag of the tenant's one onPremisesSynchronization object; absent features = false. */
  private static boolean takeoverBlocked(
      OnPremisesDirectorySynchronizationCollectionResponse answer) {
    for (OnPremisesDirectorySynchronization s : GraphMapping.nonNull(answer.getValue())) {
      if (s.getFeatures() != null) {
        return Boolean.TRUE.equals(
            s.getFeatures().getBlockCloudObjectTakeoverThroughHardMatchEnabled());
      }
    }
    return false;
  }

  /** Sends one read; its answer is recorded, never thrown. Null when it failed or was not sent. */
  private <T> T probe(GraphCall call, Supplier<T> request) {
    if (unreachable) {
      return null;
    }
    try {
      T answer = request.get();
      probes.put(call, GraphProbe.OK);
      return answer;
    } catch (RuntimeException e) {
      HardmatchException failure =
          GraphErrors.fromException("reading " + call.request(), graph.base(), e);
      int status = GraphClient.status(e);
      String code =
          e instanceof ODataError && ((ODataError) e).getError() != null
              ? ((ODataError) e).getError().getCode()
              : null;
      probes.put(call, new GraphProbe(status, code, failure.getMessage(), failure.fix()));
      unreachable = status < 0;
      return null;
    }
  }
}
