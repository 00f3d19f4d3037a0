package io.o2pool.manager.agents;

/**
 * One preflight result: what was checked on which server, how bad it is, and what to change. Any ERROR finding stops a
 * job before it changes anything.
 *
 * @param code a stable identifier such as {@code hosts.loopback} or {@code repository.uuid}
 * @param server the server the finding is about (its name as the operator knows it)
 * @param fix what the operator should do, or empty when nothing is needed
 */
public record Finding(Severity severity, String code, String server, String message, String fix) {

    /** How a finding affects a job. */
    public enum Severity {
        /** Blocks every cluster change until fixed. */
        ERROR,
        /** Shown to the operator; does not block. */
        WARNING,
        /** A fact worth showing. */
        INFO
    }

    public static Finding error(String code, String server, String message, String fix) {
        return new Finding(Severity.ERROR, code, server, message, fix);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return severity + " " + code + " [" + server + "] " + message + (fix == null || fix.isEmpty() ? "" : "; fix: " + fix);
    }
}
