package io.o2pool.agent.preflight;

import io.o2pool.agent.api.Finding;
import io.o2pool.agent.api.Severity;
import io.o2pool.ocfs2.hosts.HostsFile;
import io.o2pool.ocfs2.hosts.NameMappingCheck;
import io.o2pool.ocfs2.hosts.NameMappingFinding;
import io.o2pool.ocfs2.hosts.NameResolver;
import java.util.ArrayList;
import java.util.List;

/**
 * The preflight's node-name mapping check, done by the {@code ocfs2} module's {@link NameMappingCheck} (hosts file
 * first, then the resolver, as the system's IPv4 lookup does) and reported as preflight {@link Finding}s: the seed's
 * {@code 127.0.0.1 vm-host03 localhost} line is {@code hosts.loopback} with the file, the line and the fix; lines
 * the resolver would skip are reported as {@code hosts.ignored-line}. A loopback cluster address outside a
 * loopback pool is left to preflight's {@code address.loopback}. Thread-safe if the resolver is.
 */
public final class NameMappingHostsCheck implements HostsCheck {
    private final NameResolver resolver;

    public NameMappingHostsCheck(NameResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public List<Finding> check(String hostsFile, String hostsText, String nodeName, String address, boolean loopbackPool) {
        HostsFile hosts = HostsFile.parse(hostsFile, hostsText);
        List<Finding> findings = new ArrayList<>();
        for (String warning : hosts.warnings()) {
            findings.add(new Finding("hosts.ignored-line", Severity.INFO, warning, hostsFile,
                    "correct or remove that line of " + hostsFile + " (the resolver skips it)"));
        }
        NameMappingFinding found = new NameMappingCheck(hosts, resolver, loopbackPool).check(nodeName, address);
        String code = switch (found.code()) {
            case MAPPED, LOOPBACK_CLUSTER_ADDRESS -> null;
            case CONFLICTING_LINE -> "hosts.conflicting";
            case LOOPBACK -> "hosts.loopback";
            case WRONG_ADDRESS -> "hosts.wrong-address";
            case UNRESOLVED -> "hosts.missing";
        };
        if (code == null) {
            return findings;
        }
        Severity severity = switch (found.severity()) {
            case OK -> Severity.INFO;
            case WARNING -> Severity.WARNING;
            case ERROR -> Severity.ERROR;
        };
        String value = found.hostsLine() > 0 ? line(hostsText, found.hostsLine())
                : found.value().isEmpty() ? "(" + nodeName + " does not resolve)" : found.value();
        String fix = found.hostsLine() > 0 ? "in " + hostsFile + " " + found.fix() : found.fix();
        findings.add(new Finding(code, severity, found.message(), value, fix));
        return findings;
    }

    /** Line {@code number} (1-based) of {@code text} as written, without the end of line. */
    private static String line(String text, int number) {
        String[] lines = text.split("\n", -1);
        return number <= lines.length ? lines[number - 1].strip() : "";
    }
}
