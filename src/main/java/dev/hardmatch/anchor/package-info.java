/**
 * Source anchors: the raw 16 octets of objectGUID or mS-DS-ConsistencyGuid, and their three text
 * forms (GUID string, ImmutableId, hex). The one place that knows the .NET byte order; also the
 * objectSid's binary and SDDL forms ({@link dev.hardmatch.anchor.Sid}).
 */
package dev.hardmatch.anchor;
