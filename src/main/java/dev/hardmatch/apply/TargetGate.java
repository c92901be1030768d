package dev.hardmatch.apply;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import dev.hardmatch.plan.Plan;
import dev.hardmatch.spec.LinksFile;
import java.util.List;

/**
 * {@code WRONG_TENANT} and {@code WRONG_DIRECTORY} as far as the files tell: the links file names
 * the tenant and the directory (URL and base DN) the plan was made against. Whether the tenant
 * answering is that one is checked live, after this.
 */
final class TargetGate implements Gate {

  @Override
  public void check(Subject s, List<Refusal> refusals) {
    if (s.plan == null || s.links == null) {
      return;
    }
    Plan plan = s.plan;
    LinksFile links = s.links;
    if (!links.tenant().id().equalsIgnoreCase(plan.tenant().id())) {
      refusals.add(
          Refusal.of(
              Refusal.Code.WRONG_TENANT,
              "links file tenant.id",
              "names another tenant than the plan",
              plan.tenant().id(),
              links.tenant().id()));
    }
    if (!sameUrl(links.directory().url(), plan.directory().url())
        || !sameDn(links.directory().baseDn(), plan.directory().baseDn())) {
      refusals.add(
          Refusal.of(
              Refusal.Code.WRONG_DIRECTORY,
              "links file directory",
              "points at another directory than the one planned against",
              plan.directory().url() + " " + plan.directory().baseDn(),
              links.directory().url() + " " + links.directory().baseDn()));
    }
  }

  private static boolean sameUrl(String a, String b) {
    return a != null && b != null && trimSlash(a).equalsIgnoreCase(trimSlash(b));
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * The same DN as LDAP compares them (UnboundID {@link DN}): attribute names and values without
   * case, spaces around separators ignored, escapes decoded, and every RDN counted in its order.
   * Text that is not a DN matches only itself (ignoring case).
   */
  static boolean sameDn(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    try {
      return new DN(a).equals(new DN(b));
    } catch (LDAPException e) {
      return a.equalsIgnoreCase(b);
    }
  }
}
