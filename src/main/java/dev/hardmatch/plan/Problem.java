package dev.hardmatch.plan;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Something that blocks a plan (docs/planning-rules.md), with its stable code. */
@JsonPropertyOrder({"code", "sam", "upn", "message"})
public record Problem(ProblemCode code, String sam, String upn, String message) {}
