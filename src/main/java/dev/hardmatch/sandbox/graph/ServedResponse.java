package dev.hardmatch.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Graph operation as the emulator answered it (a plain request or a {@code $batch} item), for
 * the contract test that parses every answer with the Graph SDK's own models.
 *
 * @param method HTTP method
 * @param version {@code v1.0} or {@code beta}
 * @param route the route template, e.g. {@code GET /users/{id}} ({@code /beta} in front for beta)
 * @param path the request path relative to the version, e.g. {@code /users/abc}
 * @param query the raw query string (null when none)
 * @param status the HTTP status
 * @param body the JSON body (null for 204); a copy, safe to keep
 */
public record ServedResponse(
    String method,
    String version,
    String route,
    String path,
    String query,
    int status,
    JsonNode body) {}
