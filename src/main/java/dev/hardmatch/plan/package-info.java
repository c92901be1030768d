/**
 * The plan: the pure {@link dev.hardmatch.plan.Planner} (snapshots in, plan or problems out; no
 * I/O, no clock), the plan model (sealed {@link dev.hardmatch.plan.Action} records), the plan file
 * ({@link dev.hardmatch.plan.PlanFile}: canonical JSON, digest, validated reading) and the
 * renderers for terminals, pull requests and machines.
 */
package dev.hardmatch.plan;
