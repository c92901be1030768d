/**
 * Discovery: proposes the links file from what AD and the tenant already show. The pure {@link
 * dev.hardmatch.discover.Matcher} (plain records in, {@link dev.hardmatch.discover.Discovery} out;
 * no I/O) and the writers of its result as a commented links file, JSON and CSV. How the evidence
 * is weighed is described in the README's "discover" section.
 */
package dev.hardmatch.discover;
