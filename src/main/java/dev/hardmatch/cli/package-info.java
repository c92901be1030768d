/**
 * The command line: one picocli class per command, parsing options and delegating to the feature
 * packages. {@link dev.hardmatch.cli.Main#run} takes injected streams and environment so tests
 * drive it in-process; errors become exit codes in one place ({@code Main.handle}).
 */
package dev.hardmatch.cli;
