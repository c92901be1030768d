/**
 * The sandbox tenant emulator: an in-memory Entra ID tenant ({@link
 * dev.hardmatch.sandbox.graph.TenantState}, file format {@code schemas/tenant.schema.json}), an
 * HTTP server speaking the Microsoft Graph v1.0 subset hardmatch uses as strictly as Graph does
 * ({@link dev.hardmatch.sandbox.graph.TenantEmulator}), and an Entra Connect delta-sync simulator
 * ({@link dev.hardmatch.sandbox.graph.SyncSimulator}).
 */
package dev.hardmatch.sandbox.graph;
