package dev.hardmatch.plan;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Something that blocks a plan (DESIGN §4), with its stable code. */
@JsonPropertyOrder({"code", "sam", "upn", "message"})
public record Problem(ProblemCode code, String sam, String upn, String message) {}
