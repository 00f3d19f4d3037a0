package io.o2pool.ocfs2.hosts;

import java.util.List;
import java.util.Objects;

import io.o2pool.ocfs2.hosts.NameMappingFinding.Code;

/**
 * The SPEC's name-mapping check: does a node's name resolve — through the hosts file first, then the resolver, in
 * the order the system's IPv4 lookup uses them — to the node's cluster address, and not to loopback? The seed's
 * servers shipped with {@code 127.0.0.1 vm-host03 localhost}, which makes o2cb bind to loopback; this finds that
 * line and says how to change it. Pure and thread-safe.
 *
 * @param hosts                the hosts file
 * @param resolver             what the resolver answers for names the hosts file lacks
 * @param loopbackPoolAllowed  the whole pool runs on loopback addresses of one machine (the demo): a loopback cluster
 *                             address is then fine as long as the name maps to exactly that address
 */
public record NameMappingCheck(HostsFile hosts, NameResolver resolver, boolean loopbackPoolAllowed) {

    public NameMappingCheck {
        Objects.requireNonNull(hosts, "hosts");
        Objects.requireNonNull(resolver, "resolver");
    }

    /**
     * Checks one node.
     *
     * @param node           the node name (the server's host name, as in cluster.conf)
     * @param clusterAddress the node's IPv4 cluster address ({@code ip_address} in cluster.conf)
     * @throws IllegalArgumentException if {@code clusterAddress} is not an IPv4 address
     */
    public NameMappingFinding check(String node, String clusterAddress) {
        if (!Ipv4.isValid(clusterAddress)) {
            throw new IllegalArgumentException("cluster address of " + node + " is not an IPv4 address: "
                    + clusterAddress);
        }
        String wanted = "'" + clusterAddress + " " + node + "'";
        if (Ipv4.isLoopback(clusterAddress) && !loopbackPoolAllowed) {
            return new NameMappingFinding(Code.LOOPBACK_CLUSTER_ADDRESS, node, clusterAddress, 0,
                    "the cluster address of " + node + " is " + clusterAddress
                            + ", a loopback address other servers cannot reach",
                    "register " + node + " with its real address (a loopback-only pool is for a one-machine demo)");
        }
        List<HostsEntry> lines = hosts.ipv4EntriesFor(node);
        if (lines.isEmpty()) {
            return checkResolver(node, clusterAddress, wanted);
        }
        HostsEntry first = lines.get(0);
        String where = hosts.path() + " line " + first.line();
        if (first.address().equals(clusterAddress)) {
            for (HostsEntry other : lines) {
                if (!other.address().equals(clusterAddress)) {
                    return new NameMappingFinding(Code.CONFLICTING_LINE, node, clusterAddress, other.line(),
                            hosts.path() + " line " + other.line() + " also maps " + node + " to " + other.address()
                                    + " (line " + first.line() + " maps it to " + clusterAddress
                                    + ", which is what lookups use)",
                            removeFrom(other, node, ""));
                }
            }
            return new NameMappingFinding(Code.MAPPED, node, clusterAddress, first.line(),
                    where + " maps " + node + " to " + clusterAddress + ", its cluster address", "");
        }
        HostsEntry correct = lines.stream().filter(e -> e.address().equals(clusterAddress)).findFirst().orElse(null);
        String fix = first.namesWithout(node).isEmpty() && correct == null
                ? "change it to " + wanted
                : removeFrom(first, node, correct == null ? " and add the line " + wanted
                        : "; line " + correct.line() + " already maps it to " + clusterAddress);
        if (first.loopback() && !loopbackPoolAllowed) {
            return new NameMappingFinding(Code.LOOPBACK, node, first.address(), first.line(),
                    where + " maps " + node + " to " + first.address() + "; o2cb would bind to loopback", fix);
        }
        return new NameMappingFinding(Code.WRONG_ADDRESS, node, first.address(), first.line(),
                where + " maps " + node + " to " + first.address() + ", not to its cluster address "
                        + clusterAddress, fix);
    }

    private NameMappingFinding checkResolver(String node, String clusterAddress, String wanted) {
        List<String> found = resolver.ipv4Addresses(node);
        String addToHosts = "add the line " + wanted + " to " + hosts.path();
        if (found == null || found.isEmpty()) {
            return new NameMappingFinding(Code.UNRESOLVED, node, "", 0,
                    node + " is on no line of " + hosts.path() + " and the resolver does not know it", addToHosts);
        }
        String first = found.get(0);
        String source = "the resolver maps " + node + " to " + first + " (no line of " + hosts.path() + " names it)";
        if (first.equals(clusterAddress)) {
            return new NameMappingFinding(Code.MAPPED, node, first, 0, source + ", its cluster address", "");
        }
        if (Ipv4.isLoopback(first) && !loopbackPoolAllowed) {
            return new NameMappingFinding(Code.LOOPBACK, node, first, 0, source + "; o2cb would bind to loopback",
                    addToHosts);
        }
        return new NameMappingFinding(Code.WRONG_ADDRESS, node, first, 0,
                source + ", not to its cluster address " + clusterAddress, addToHosts + " (or correct the resolver's"
                        + " record)");
    }

    /** "remove NODE from it (leaving 'ADDRESS OTHER NAMES')" plus {@code tail}, or "delete it" if nothing remains. */
    private static String removeFrom(HostsEntry entry, String node, String tail) {
        List<String> rest = entry.namesWithout(node);
        String action = rest.isEmpty()
                ? "delete line " + entry.line() + " ('" + entry.text() + "')"
                : "remove " + node + " from line " + entry.line() + " (leaving '" + entry.address() + " "
                        + String.join(" ", rest) + "')";
        return action + tail;
    }
}
