/**
 * The verify use case ({@link dev.hardmatch.verify.Verifying}): whether each link of a links file
 * is in effect, judged on the same {@link dev.hardmatch.plan.TenantView} the planner and apply use.
 */
package dev.hardmatch.verify;
