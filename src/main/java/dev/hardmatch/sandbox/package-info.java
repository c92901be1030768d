/**
 * The sandbox as a whole: both servers started together ({@link dev.hardmatch.sandbox.Sandbox}),
 * the demo organisation, and the generator of large organisations for scale tests. The embedded AD
 * lives in {@code sandbox.ad}, the tenant emulator and sync simulator in {@code sandbox.graph}.
 */
package dev.hardmatch.sandbox;
