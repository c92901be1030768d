package dev.hardmatch.directory;

import java.util.Set;

/**
 * An AD user as {@code hardmatch doctor} samples it: the user as plan reads it, its objectSid, and
 * the names of the attributes the server returned to the bind account (AD leaves out an attribute
 * the account may not read, without an error, so presence is all that can be seen).
 *
 * @param objectSid the raw octets of objectSid, or null
 * @param attributes the attributes returned, as {@link LdapDirectory#readAttributes()} spells them
 */
public record SampledUser(AdUser user, byte[] objectSid, Set<String> attributes) {}
