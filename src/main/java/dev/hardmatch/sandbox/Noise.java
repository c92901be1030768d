package dev.hardmatch.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The untidiness of a real organisation, for measuring {@code discover}: people whose mail differs
 * from their UPN, who have no mail, who match only by a proxy address, by employeeId, by an address
 * in otherMails or only by name; people without a cloud account, and cloud accounts without an AD
 * user (drawn from the same names, so names collide). Drawn from its own random stream, so an
 * organisation with noise has the same people as one without.
 */
final class Noise {
  /** AD UPN suffix of users whose UPN domain is not routable (not verified in the tenant). */
  static final String LOCAL_DOMAIN = "corp.fabrikam.local";

  /** How people are spread over the kinds of noise; the rest match by UPN and mail. */
  static final double NO_CLOUD = 0.05;

  static final double MAIL_NOT_UPN = 0.08;
  static final double NO_MAIL = 0.08;
  static final double PROXY_ONLY = 0.05;
  static final double EMPLOYEE_ID_ONLY = 0.03;
  static final double OTHER_MAILS = 0.02;
  static final double NAME_ONLY = 0.02;

  /** AD users with an employeeID, and the share of their cloud accounts that carry it too. */
  static final double EMPLOYEE_ID = 0.4;

  static final double CLOUD_EMPLOYEE_ID = 0.5;

  /** Cloud accounts with no AD user, per AD user. */
  static final double CLOUD_ONLY_EXTRA = 0.03;

  private Noise() {}

  /**
   * Adds noise to {@code people} (the first {@code links} keep their cloud accounts: links.yaml
   * names them) and returns the extra cloud-only accounts.
   */
  static List<GeneratedPerson> apply(GeneratedPerson[] people, int links, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ 0x6E6F697365L);
    for (int i = 0; i < people.length; i++) {
      GeneratedPerson p = people[i];
      String local = p.sam + "@" + LOCAL_DOMAIN;
      double r = random.nextDouble();
      if (i >= links && r < NO_CLOUD) {
        p.cloud = false; // a leaver's or a service account: no cloud account
      } else if ((r -= NO_CLOUD) < MAIL_NOT_UPN) {
        p.adUpn = p.sam + "@" + Generator.DOMAIN; // mail (and the cloud UPN) is first.last
      } else if ((r -= MAIL_NOT_UPN) < NO_MAIL) {
        p.adMail = null;
        p.adProxies.clear();
      } else if ((r -= NO_MAIL) < PROXY_ONLY) {
        String legacy = p.sam + "@legacy.fabrikam.com";
        p.adUpn = local;
        p.adMail = legacy;
        p.adProxies.clear();
        p.adProxies.add("SMTP:" + legacy);
        p.adProxies.add("smtp:" + p.cloudUpn);
      } else if ((r -= PROXY_ONLY) < EMPLOYEE_ID_ONLY) {
        p.adUpn = local;
        p.adMail = null;
        p.adProxies.clear();
        p.employeeId = employeeId(i);
        p.cloudEmployeeId = p.employeeId;
      } else if ((r -= EMPLOYEE_ID_ONLY) < OTHER_MAILS) {
        String external = p.sam + "@partner.example";
        p.adUpn = local;
        p.adMail = external;
        p.adProxies.clear();
        p.otherMails.add(external);
      } else if ((r -= OTHER_MAILS) < NAME_ONLY) {
        p.adUpn = local;
        p.adMail = null;
        p.adProxies.clear();
      }
      if (p.employeeId == null && random.nextDouble() < EMPLOYEE_ID) {
        p.employeeId = employeeId(i);
        if (random.nextDouble() < CLOUD_EMPLOYEE_ID) {
          p.cloudEmployeeId = p.employeeId;
        }
      }
    }
    int extra = (int) Math.round(people.length * CLOUD_ONLY_EXTRA);
    List<GeneratedPerson> cloudOnly = new java.util.ArrayList<>(extra);
    for (int k = 0; k < extra; k++) {
      GeneratedPerson c = new GeneratedPerson();
      c.adUser = false;
      c.given = Generator.GIVEN[random.nextInt(Generator.GIVEN.length)];
      c.surname = Generator.SURNAMES[random.nextInt(Generator.SURNAMES.length)];
      c.sameAddressEverywhere(
          (c.given + "." + c.surname + ".x" + k + "@" + Generator.DOMAIN).toLowerCase(Locale.ROOT));
      c.cloudId = new UUID(random.nextLong(), random.nextLong()).toString();
      cloudOnly.add(c);
    }
    return cloudOnly;
  }

  private static String employeeId(int i) {
    return String.format(Locale.ROOT, "E%07d", i);
  }
}
