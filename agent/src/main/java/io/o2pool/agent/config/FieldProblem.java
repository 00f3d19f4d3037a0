package io.o2pool.agent.config;

/** One problem a validator found in a request field, with a message that says where (line) and what to change. */
public record FieldProblem(String field, String message) {
}
