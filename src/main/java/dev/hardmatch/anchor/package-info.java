/**
 * Source anchors: the raw 16 octets of objectGUID or mS-DS-ConsistencyGuid, and their three text
 * forms (GUID string, ImmutableId, hex). The one place that knows the .NET byte order.
 */
package dev.hardmatch.anchor;
