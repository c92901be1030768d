/**
 * The plan use case ({@link dev.hardmatch.planning.Planning}): opens the directory and the tenant,
 * reads them in bulk, and hands the snapshots to the pure {@link dev.hardmatch.plan.Planner}. The
 * I/O lives here so that {@code dev.hardmatch.plan} stays free of it.
 */
package dev.hardmatch.planning;
