package io.o2pool.manager.addserver;

import io.o2pool.manager.agents.AgentGateway;
import io.o2pool.manager.agents.FanOut;
import io.o2pool.manager.agents.Finding;
import io.o2pool.manager.agents.HostPort;
import io.o2pool.manager.agents.Reach;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The two-way connectivity matrix on the o2net port, checked before any change: every member and every newcomer
 * listens on its cluster address and ip_port (its running stack, or a short-lived probe listener its stack closes
 * when it starts), then every member probes every newcomer and every newcomer probes every member and every other
 * newcomer, each connection made from the prober's own cluster address, as o2net connects (firewalls filter on both
 * addresses). Member to member is proven already by the running cluster.
 */
public final class ConnectivityMatrix {
    /** One direction: TCP from {@code from} to {@code to} at {@code target}; {@code error} null when it connected. */
    public record Link(String from, String to, String target, boolean ok, String error) {
    }

    /** One node of the matrix: a server, its cluster address:ip_port and its agent. */
    record Node(String name, HostPort address, AgentGateway agent, boolean member) {
    }

    /** The matrix and a finding per blocked direction. */
    record Result(List<Link> links, List<Finding> findings) {
    }

    private ConnectivityMatrix() {
    }

    static Result check(List<Node> nodes, Duration listenWindow) throws InterruptedException {
        List<Finding> findings = new ArrayList<>();
        if (nodes.stream().allMatch(Node::member) || nodes.size() < 2) { // no newcomer, or no pair
            return new Result(List.of(), findings);
        }
        for (var o : FanOut.each(nodes.stream().map(Node::agent).toList(),
                a -> a.listenForProbes(nodeOf(nodes, a).address(), listenWindow))) {
            if (!o.ok()) {
                findings.add(new Finding(Finding.Severity.WARNING, "probe.listen", o.server(),
                        "could not open a probe listener: " + o.message(), "the probes of it may fail"));
            }
        }
        List<Node> probers = nodes.stream().filter(n -> !targets(nodes, n).isEmpty()).toList();
        var outcomes = FanOut.all(probers.stream().map(Node::agent).toList(),
                a -> a.probe(nodeOf(nodes, a).address(), targets(nodes, nodeOf(nodes, a)).stream()
                        .map(Node::address).toList()));
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < probers.size(); i++) {
            Node from = probers.get(i);
            List<Node> to = targets(nodes, from);
            var outcome = outcomes.get(i);
            if (!outcome.ok()) {
                findings.add(Finding.error("probe.failed", from.name(), "connectivity check from " + from.name()
                        + " failed: " + outcome.message(), "check the agent of " + from.name()));
                continue;
            }
            for (int j = 0; j < to.size(); j++) {
                Node target = to.get(j);
                Reach reach = outcome.value().get(j);
                String where = target.address().ip() + ":" + target.address().port();
                links.add(new Link(from.name(), target.name(), where, reach.ok(), reach.error()));
                if (!reach.ok()) {
                    findings.add(Finding.error("connectivity.blocked", from.name(), "TCP from " + from.name() + " ("
                            + from.address().ip() + ") to " + target.name() + " at " + where + " is blocked: "
                            + reach.error(), "allow TCP port " + target.address().port() + " from "
                            + from.address().ip() + " to " + target.address().ip() + " (o2net connects in both"
                            + " directions; check the firewall of both servers)"));
                }
            }
        }
        return new Result(links, findings);
    }

    /** What {@code from} probes: a member probes the newcomers, a newcomer every other node. */
    private static List<Node> targets(List<Node> nodes, Node from) {
        return nodes.stream().filter(n -> n != from && (!from.member() || !n.member())).toList();
    }

    private static Node nodeOf(List<Node> nodes, AgentGateway agent) {
        return nodes.stream().filter(n -> n.agent() == agent).findFirst().orElseThrow();
    }
}
