package io.o2pool.agent.forensics;

import io.o2pool.agent.stack.StackConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Which netconsole targets this node needs: one per other member of the live cluster config, to the member's agent
 * ({@code remote_ip} = its cluster address, {@code remote_port} = the netconsole port), leaving by the interface its
 * neighbour entry names. netpoll does no ARP, so the receiver's MAC is taken from the neighbour table after one packet
 * was sent to it ({@code nudge}: a datagram to its netconsole port makes the kernel resolve the address), or from
 * {@code givenMacs} (name → MAC). A member whose MAC cannot be found gets no target and a finding with the fix.
 *
 * <p>At most {@value #MAX_TARGETS} targets, the lowest-numbered members that can have one: every console line is one
 * datagram per target, and the lines that matter are sent in the fencing node's last millisecond, three of them
 * ({@code Heartbeat write timeout}, {@code stopping heartbeat}, the fence line) right before the kernel resets: the
 * fewer datagrams then, the likelier they leave. (In SCENARIO fence, e2e/kvm, a guest sending to four peers lost that
 * burst, twelve datagrams, at every receiver in 2 runs of 2, while its earlier lines arrived; sending to two, it
 * arrived whole in 2 runs of 3, once only at one of the two, and in the third its first line only.) Two receivers keep
 * the record when a line is lost to one of them; the manager keeps the most complete.
 */
public final class NetconsolePlan {
    /** Members a node's netconsole sends to. */
    public static final int MAX_TARGETS = 2;

    /** The targets and what kept the others from being set up. */
    public record Result(List<NetconsoleTarget> targets, List<String> findings) {
    }

    private NetconsolePlan() {
    }

    public static Result plan(String self, StackConfig config, int port, NeighbourTable neighbours,
            Consumer<String> nudge, Map<String, String> givenMacs) {
        List<NetconsoleTarget> targets = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        Optional<StackConfig.Node> me = config.node(self);
        if (me.isEmpty()) {
            return new Result(targets, List.of("netconsole not set up on " + self + ": it is not a node of cluster "
                    + config.clusterName()));
        }
        List<StackConfig.Node> peers = config.nodes().stream().filter(n -> !n.name().equals(self))
                .sorted(java.util.Comparator.comparingInt(StackConfig.Node::number)).toList();
        for (StackConfig.Node peer : peers) {
            if (targets.size() == MAX_TARGETS) {
                break;
            }
            try {
                Optional<NeighbourTable.Neighbour> n = neighbours.lookup(peer.ipAddress());
                if (n.isEmpty()) {
                    nudge.accept(peer.ipAddress());
                    n = neighbours.lookup(peer.ipAddress());
                }
                String mac = givenMacs.get(peer.name());
                if (n.isEmpty() && mac == null) {
                    findings.add("netconsole from " + self + " to " + peer.name() + " (" + peer.ipAddress()
                            + ") not set up: its MAC is not in the neighbour table (netpoll does no ARP); check that "
                            + peer.ipAddress() + " is on a directly attached network, or give its MAC");
                    continue;
                }
                String device = n.map(NeighbourTable.Neighbour::device).orElse("eth0");
                targets.add(new NetconsoleTarget(peer.name(), device, me.get().ipAddress(), peer.ipAddress(), port,
                        mac != null ? mac : n.get().mac()));
            } catch (IOException | IllegalArgumentException e) {
                findings.add("netconsole from " + self + " to " + peer.name() + " not set up: " + e.getMessage());
            }
        }
        return new Result(targets, findings);
    }
}
