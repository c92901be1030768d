/**
 * The port to Entra ID ({@link dev.hardmatch.tenant.Tenant}) and its Graph adapter ({@link
 * dev.hardmatch.tenant.GraphTenant}): bulk reads in {@code $batch}, single reads and writes for
 * apply, batched and paced writes for scale, every Graph failure turned into a {@link
 * dev.hardmatch.HardmatchException} carrying Graph's code and request-id.
 */
package dev.hardmatch.tenant;
