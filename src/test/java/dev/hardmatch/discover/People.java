package dev.hardmatch.discover;

import java.util.ArrayList;
import java.util.List;

/** Hand-made AD users and cloud accounts for the matcher's unit tests. */
final class People {
  private People() {}

  static Ad ad(String sam) {
    return new Ad(sam);
  }

  static Cloud cloud(String upn) {
    return new Cloud(upn);
  }

  /** An AD user; only the sam is required. */
  static final class Ad {
    private final String sam;
    private String upn;
    private String anchor;
    private String sid;
    private String employeeId;
    private String mail;
    private final List<String> proxies = new ArrayList<>();
    private String given;
    private String surname;
    private String displayName;
    private boolean enabled = true;

    Ad(String sam) {
      this.sam = sam;
    }

    Ad upn(String v) {
      upn = v;
      return this;
    }

    Ad anchor(String v) {
      anchor = v;
      return this;
    }

    Ad sid(String v) {
      sid = v;
      return this;
    }

    Ad employeeId(String v) {
      employeeId = v;
      return this;
    }

    Ad mail(String v) {
      mail = v;
      return this;
    }

    Ad proxy(String v) {
      proxies.add(v);
      return this;
    }

    Ad name(String givenName, String sn) {
      given = givenName;
      surname = sn;
      return this;
    }

    Ad displayName(String v) {
      displayName = v;
      return this;
    }

    Ad disabled() {
      enabled = false;
      return this;
    }

    AdPerson build() {
      return new AdPerson(
          sam,
          "CN=" + sam + ",OU=Staff,DC=corp,DC=contoso,DC=com",
          upn,
          anchor,
          sid,
          employeeId,
          mail,
          proxies,
          given,
          surname,
          displayName,
          enabled);
    }
  }

  /** A cloud account; cloud-only, active and without role unless told otherwise. */
  static final class Cloud {
    private final String upn;
    private String id;
    private String mail;
    private final List<String> proxies = new ArrayList<>();
    private final List<String> otherMails = new ArrayList<>();
    private String employeeId;
    private String given;
    private String surname;
    private String displayName;
    private String immutableId;
    private String sid;
    private Boolean syncEnabled;
    private boolean deleted;
    private boolean privileged;

    Cloud(String upn) {
      this.upn = upn;
      this.id = "id-" + upn;
    }

    Cloud mail(String v) {
      mail = v;
      return this;
    }

    Cloud proxy(String v) {
      proxies.add(v);
      return this;
    }

    Cloud otherMail(String v) {
      otherMails.add(v);
      return this;
    }

    Cloud employeeId(String v) {
      employeeId = v;
      return this;
    }

    Cloud name(String givenName, String sn) {
      given = givenName;
      surname = sn;
      return this;
    }

    Cloud displayName(String v) {
      displayName = v;
      return this;
    }

    /** A user sync created (or took over) from the AD object with this anchor. */
    Cloud syncedWith(String anchor) {
      immutableId = anchor;
      syncEnabled = true;
      return this;
    }

    /** Anchored by hand (e.g. by hardmatch apply), not synced yet. */
    Cloud anchoredWith(String anchor) {
      immutableId = anchor;
      return this;
    }

    Cloud sid(String v) {
      sid = v;
      syncEnabled = true;
      return this;
    }

    Cloud deleted() {
      deleted = true;
      return this;
    }

    Cloud privileged() {
      privileged = true;
      return this;
    }

    CloudAccount build() {
      return new CloudAccount(
          id,
          upn,
          mail,
          proxies,
          otherMails,
          employeeId,
          given,
          surname,
          displayName,
          immutableId,
          sid,
          null,
          syncEnabled,
          deleted,
          privileged);
    }
  }
}
