package dev.hardmatch.tenant;

/**
 * The reads {@code hardmatch doctor} sends, one per permission hardmatch needs (docs/doctor.md):
 * each is the request plan, apply or verify sends, or the smallest page of it. {@link #request()}
 * is the method and path only (check names carry it); the query options are in docs/doctor.md.
 */
public enum GraphCall {
  ORGANIZATION("GET /organization"),
  USERS("GET /users"),
  DELETED_USERS("GET /directory/deletedItems/microsoft.graph.user"),
  ROLE_ASSIGNMENTS("GET /roleManagement/directory/roleAssignments"),
  ROLE_ELIGIBILITIES("GET /roleManagement/directory/roleEligibilityScheduleInstances"),
  ROLE_ASSIGNABLE_GROUPS("GET /groups"),
  TAKEOVER_FLAG("GET /directory/onPremisesSynchronization");

  private final String request;

  GraphCall(String request) {
    this.request = request;
  }

  /** The request as a person reads it. */
  public String request() {
    return request;
  }
}
