package dev.hardmatch.directory;

import java.util.Collection;

/** The port to Active Directory. Reads in bulk: a few paged searches over OR-filters. */
public interface Directory extends AutoCloseable {

  /** Reads every user whose sAMAccountName is one of {@code sams}, in as few searches as it can. */
  DirectorySnapshot read(Collection<String> sams);

  /**
   * Every user below the base DN (people, not computers), enabled or not, narrowed by {@code
   * ldapFilter} when it is not null (an LDAP filter such as {@code (department=Sales)}): paged
   * searches, not one per user.
   */
  java.util.List<DirectoryUser> readAll(String ldapFilter);

  /**
   * The users with these sAMAccountNames or objectSids (raw octets), with which of the attributes
   * hardmatch reads the server returned ({@code hardmatch doctor}); each user once.
   */
  default java.util.List<SampledUser> sample(Collection<String> sams, Collection<byte[]> sids) {
    throw new UnsupportedOperationException("this directory adapter cannot sample users");
  }

  /** Sets userPrincipalName on {@code dn} and reads it back; fails if it did not take. */
  void setUserPrincipalName(String dn, String userPrincipalName);

  /** LDAP search requests sent so far (for the performance tests and the benchmark). */
  int searchCount();

  @Override
  void close();
}
