package io.o2pool.ocfs2.hosts;

import java.util.List;

/**
 * Resolves a host name to IPv4 addresses the way the host's resolver would after the hosts file (DNS and the like).
 * Injected into {@link NameMappingCheck} so that tests and this pure module never do a real lookup; the agent
 * supplies one backed by the system resolver.
 */
@FunctionalInterface
public interface NameResolver {
    /**
     * The IPv4 addresses of {@code hostName} in the order the resolver returns them; empty when it does not know the
     * name. Must not throw for an unknown name.
     */
    List<String> ipv4Addresses(String hostName);

    /** A resolver that knows no name: only the hosts file counts. */
    static NameResolver none() {
        return name -> List.of();
    }
}
