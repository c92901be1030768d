/**
 * Applying a reviewed plan, and verifying links afterwards: the gates that refuse an unreviewed,
 * edited, foreign or stale plan before the first write ({@link dev.hardmatch.apply.ApplyGates}),
 * the per-plan lock ({@link dev.hardmatch.apply.PlanLock}), the append-only journal with a backup
 * before every destructive step ({@link dev.hardmatch.apply.Journal}), the resumable executor
 * ({@link dev.hardmatch.apply.Executor}) and the link verifier ({@link
 * dev.hardmatch.apply.Verifier}). Everything here talks to AD and Entra only through the ports
 * {@link dev.hardmatch.directory.Directory} and {@link dev.hardmatch.tenant.Tenant}.
 */
package dev.hardmatch.apply;
