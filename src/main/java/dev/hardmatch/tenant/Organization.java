package dev.hardmatch.tenant;

import java.util.List;

/** The tenant as {@code GET /organization} describes it. */
public record Organization(
    String tenantId, String displayName, List<VerifiedDomain> verifiedDomains) {

  public record VerifiedDomain(String name, boolean isDefault, boolean isInitial) {}

  /** The {@code …onmicrosoft.com} domain Entra uses for UPNs in unverified domains. */
  public String initialDomain() {
    return verifiedDomains.stream()
        .filter(VerifiedDomain::isInitial)
        .map(VerifiedDomain::name)
        .findFirst()
        .orElse(null);
  }

  public boolean verifies(String domain) {
    return verifiedDomains.stream().anyMatch(d -> d.name().equalsIgnoreCase(domain));
  }
}
