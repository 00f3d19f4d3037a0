package io.o2pool.agent.api;

/**
 * One preflight finding: a stable {@code code} (e.g. {@code hosts.loopback}), its severity, what is wrong with the
 * value seen (a file and line number where there is one), and the fix an operator can apply as written.
 */
public record Finding(String code, Severity severity, String message, String value, String fix) {
}
