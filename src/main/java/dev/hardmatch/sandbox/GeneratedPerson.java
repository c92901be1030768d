package dev.hardmatch.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * One person of a generated organisation: the AD user (unless {@code adUser} is false) and the
 * cloud account the person already has (unless {@code cloud} is false), which are the same person:
 * the truth {@code discover} is measured against.
 */
final class GeneratedPerson {
  String sam;
  String given;
  String surname;
  boolean adUser = true;
  String adUpn;
  String adMail;
  final List<String> adProxies = new ArrayList<>();
  String employeeId;
  byte[] objectGuid;
  byte[] consistencyGuid;
  String sid;

  boolean cloud = true;
  String cloudId;
  String cloudUpn;
  String cloudMail;
  final List<String> cloudProxies = new ArrayList<>();
  final List<String> otherMails = new ArrayList<>();
  String cloudEmployeeId;

  String duplicateId;
  int duplicate; // 0 none, 1 active, 2 in the recycle bin
  boolean admin; // the cloud account holds Global Administrator
  boolean licensedDuplicate; // the active duplicate has a license (data may live there)

  byte[] anchor() {
    return consistencyGuid != null ? consistencyGuid : objectGuid;
  }

  /** Everything the same address: UPN, mail and primary SMTP on both sides (no noise). */
  void sameAddressEverywhere(String upn) {
    adUpn = upn;
    adMail = upn;
    adProxies.clear();
    adProxies.add("SMTP:" + upn);
    cloudUpn = upn;
    cloudMail = upn;
    cloudProxies.clear();
    cloudProxies.add("SMTP:" + upn);
  }
}
