/**
 * The port to Active Directory ({@link dev.hardmatch.directory.Directory}) and its LDAP adapter
 * ({@link dev.hardmatch.directory.LdapDirectory}): TLS verified, simple bind with a password from
 * the environment or a file, users read in bulk with paged OR-filter searches.
 */
package dev.hardmatch.directory;
