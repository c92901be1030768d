/**
 * Applying a reviewed plan: the gates that refuse an unreviewed, edited, foreign or stale plan
 * before the first write ({@link dev.hardmatch.apply.ApplyGates}), the per-plan lock ({@link
 * dev.hardmatch.apply.PlanLock}), the append-only journal with a backup before every destructive
 * step ({@link dev.hardmatch.apply.Journal}) and the resumable executor ({@link
 * dev.hardmatch.apply.Executor}). The stale-plan gate and the executor read the tenant through
 * {@link dev.hardmatch.apply.TenantReads} into the one {@link dev.hardmatch.plan.TenantView}, and
 * decide "already done" by each action's own rule. Everything here talks to AD and Entra only
 * through the ports {@link dev.hardmatch.directory.Directory} and {@link
 * dev.hardmatch.tenant.Tenant}.
 */
package dev.hardmatch.apply;
