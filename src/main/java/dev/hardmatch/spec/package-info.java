/**
 * The links file (links.yaml, docs/links-file.md): its model ({@link dev.hardmatch.spec.LinksFile})
 * and its loader ({@link dev.hardmatch.spec.LinksLoader}), which reads YAML with locations,
 * validates it against {@code schemas/links.schema.json} and the semantic rules, and reports every
 * problem at once as {@code file:line:column} diagnostics. No network, ever.
 */
package dev.hardmatch.spec;
