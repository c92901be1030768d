/**
 * hardmatch: hard-links on-premises AD users to existing Entra ID accounts through a reviewed plan.
 * This package holds only what every feature shares: the one exception type ({@link
 * dev.hardmatch.HardmatchException}, whose code decides the exit code) and located diagnostics.
 */
package dev.hardmatch;
