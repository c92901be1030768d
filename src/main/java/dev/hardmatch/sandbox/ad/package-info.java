/**
 * The sandbox's embedded Active Directory: an in-memory LDAP server with AD's schema and manners
 * (bind required, paged results, objectGUID on every object, LDAPS from a generated CA), loaded
 * from LDIF. Tests, {@code hardmatch sandbox serve} and the tenant emulator's sync simulator use it
 * through {@link dev.hardmatch.sandbox.ad.EmbeddedDirectory}.
 */
package dev.hardmatch.sandbox.ad;
