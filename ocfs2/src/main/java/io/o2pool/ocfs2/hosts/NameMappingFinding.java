package io.o2pool.ocfs2.hosts;

import java.util.Objects;

/**
 * The outcome of {@link NameMappingCheck} for one node: whether its name resolves to its cluster address, what it
 * resolves to instead, which hosts-file line says so, and what to change.
 *
 * @param code      what was found
 * @param node      the node name checked
 * @param value     the address the name resolves to (empty when it does not resolve)
 * @param hostsLine the hosts-file line responsible, 0 when the answer came from the resolver or nowhere
 * @param message   what was found, naming the file and line ({@code /etc/hosts line 2 maps vm-host03 to 127.0.0.1;
 *                  o2cb would bind to loopback})
 * @param fix       what to change, empty when nothing needs changing
 */
public record NameMappingFinding(Code code, String node, String value, int hostsLine, String message, String fix) {

    /** How serious a finding is; callers gate a change on {@link #ERROR}. */
    public enum Severity {
        /** The mapping is right; go on. */
        OK,
        /** The mapping works today but is fragile; report it, go on. */
        WARNING,
        /** o2cb would use the wrong address; stop and fix the mapping before touching the cluster. */
        ERROR
    }

    /** What the check found; each code has a fixed severity. */
    public enum Code {
        /** The name resolves to the cluster address. */
        MAPPED(Severity.OK),
        /** The first hosts line is right, but another line maps the name elsewhere. */
        CONFLICTING_LINE(Severity.WARNING),
        /** The name resolves to a loopback address (the seed's step 2). */
        LOOPBACK(Severity.ERROR),
        /** The name resolves to an address that is not the cluster address. */
        WRONG_ADDRESS(Severity.ERROR),
        /** Neither the hosts file nor the resolver knows the name. */
        UNRESOLVED(Severity.ERROR),
        /** The node's cluster address itself is loopback, in a pool that is not loopback-only. */
        LOOPBACK_CLUSTER_ADDRESS(Severity.ERROR);

        private final Severity severity;

        Code(Severity severity) {
            this.severity = severity;
        }

        /** The severity of this finding. */
        public Severity severity() {
            return severity;
        }
    }

    public NameMappingFinding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fix, "fix");
    }

    /** The severity of {@link #code()}. */
    public Severity severity() {
        return code.severity();
    }

    /** Whether the mapping is usable ({@link Severity#OK} or {@link Severity#WARNING}). */
    public boolean acceptable() {
        return severity() != Severity.ERROR;
    }

    /** The message followed by the fix, as one line for logs and the CLI. */
    public String text() {
        return fix.isEmpty() ? message : message + ". Fix: " + fix;
    }
}
