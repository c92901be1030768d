package dev.hardmatch.plan;

import dev.hardmatch.directory.AdUser;
import dev.hardmatch.tenant.CloudUser;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Cloud attributes the next sync overwrites from AD, as "attr: cloud → ad" lines of a plan. */
final class SyncImpact {
  private SyncImpact() {}

  /** Only attributes AD has a value for. */
  static List<String> of(AdUser ad, CloudUser cloud) {
    List<String> out = new ArrayList<>();
    impact(out, "displayName", cloud.displayName(), ad.displayName());
    impact(out, "givenName", cloud.givenName(), ad.givenName());
    impact(out, "surname", cloud.surname(), ad.surname());
    impact(out, "mail", cloud.mail(), ad.mail());
    List<String> adProxies = ad.proxyAddresses() == null ? List.of() : ad.proxyAddresses();
    List<String> cloudProxies = cloud.proxyAddresses() == null ? List.of() : cloud.proxyAddresses();
    if (!adProxies.isEmpty() && !new TreeSet<>(adProxies).equals(new TreeSet<>(cloudProxies))) {
      out.add(
          "proxyAddresses: "
              + (cloudProxies.isEmpty() ? "(none)" : "[" + String.join(", ", cloudProxies) + "]")
              + " → ["
              + String.join(", ", adProxies)
              + "]");
    }
    return List.copyOf(out);
  }

  private static void impact(List<String> out, String attribute, String cloud, String ad) {
    if (ad != null && !ad.isEmpty() && !ad.equals(cloud)) {
      out.add(
          attribute
              + ": "
              + (cloud == null || cloud.isEmpty() ? "(none)" : '"' + cloud + '"')
              + " → \""
              + ad
              + '"');
    }
  }
}
