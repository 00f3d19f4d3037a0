package io.o2pool.agent.preflight;

import io.o2pool.agent.api.Finding;
import java.util.List;

/**
 * Checks that the hosts file maps the node name to its cluster address (SPEC: the seed's step "the host's own name
 * must map to its real IP, not to 127.0.0.1"). An interface so the {@code ocfs2} module's check can replace the agent's.
 */
@FunctionalInterface
public interface HostsCheck {
    /** Findings for {@code hostsText} (named {@code hostsFile} in messages); empty when the mapping is right. */
    List<Finding> check(String hostsFile, String hostsText, String nodeName, String address, boolean loopbackPool);
}
