package io.o2pool.agent.stack;

import io.o2pool.cluster.ClusterNodeConfig;
import io.o2pool.cluster.NodeAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What a newly committed configuration changes for a running node: nodes added, nodes removed or changed (a
 * changed node counts as removed and added), and whether the cluster name and the four o2cb timeouts stay the same.
 * Only additions can be taken by a running node, as with the kernel's {@code o2cb_ctl -C -i}. Immutable.
 */
record NodeChange(List<NodeAddress> added, List<NodeAddress> removed, boolean timeoutsKept) {
    NodeChange {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    /** The change from {@code running} to {@code wanted}. */
    static NodeChange between(ClusterNodeConfig running, ClusterNodeConfig wanted) {
        List<NodeAddress> added = new ArrayList<>(wanted.nodes());
        added.removeAll(running.nodes());
        List<NodeAddress> removed = new ArrayList<>(running.nodes());
        removed.removeAll(wanted.nodes());
        boolean kept = running.clusterName().equals(wanted.clusterName())
                && running.deadThreshold() == wanted.deadThreshold() && running.idleTimeoutMs() == wanted.idleTimeoutMs()
                && running.keepaliveDelayMs() == wanted.keepaliveDelayMs()
                && running.reconnectDelayMs() == wanted.reconnectDelayMs();
        return new NodeChange(added, removed, kept);
    }

    /** Nothing the node would notice changed. */
    boolean none() {
        return added.isEmpty() && removed.isEmpty() && timeoutsKept;
    }

    /** The added nodes in the kernel's words: {@code node vm-host04 (num 2) at 192.168.3.154:7777}. */
    String describeAdded() {
        return String.join(", ", added.stream().map(NodeAddress::describe).toList());
    }

    /** Everything that changed, for a note. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("added " + describeAdded());
        }
        if (!removed.isEmpty()) {
            parts.add("removed or changed " + String.join(", ", removed.stream().map(NodeAddress::describe).toList()));
        }
        if (!timeoutsKept) {
            parts.add("cluster name or o2cb timeouts changed");
        }
        return String.join("; ", parts);
    }
}
