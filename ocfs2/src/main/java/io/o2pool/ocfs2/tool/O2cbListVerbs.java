package io.o2pool.ocfs2.tool;

import io.o2pool.ocfs2.conf.Cluster;
import io.o2pool.ocfs2.conf.HeartbeatRegion;
import io.o2pool.ocfs2.conf.Node;

import java.util.List;
import java.util.Optional;

/**
 * o2cb's {@code list-clusters}, {@code list-cluster}, {@code list-nodes} and {@code list-heartbeats}, with its output
 * formats ({@code --oneline} or stanza-like) byte for byte, including its quirks: numbers printed as signed 32-bit
 * ({@code %d}), and an unknown cluster reported on stderr with exit code 0.
 */
final class O2cbListVerbs {
    private static final List<GnuGetopt.LongOption> OPTIONS =
            List.of(new GnuGetopt.LongOption("oneline", false, "oneline"));

    private O2cbListVerbs() {
    }

    static O2cbOutcome listClusters(O2cbCall call) {
        for (Cluster cluster : call.conf().clusters()) {
            call.out().out(cluster.name() + "\n");
        }
        return O2cbOutcome.exit(0);
    }

    static O2cbOutcome list(O2cbCall call) {
        List<String> argv = call.argv();
        GnuGetopt.Parsed parsed = new GnuGetopt(argv.get(0), "", OPTIONS, GnuGetopt.Ordering.PERMUTE)
                .parse(argv.subList(1, argv.size()));
        boolean oneline = false;
        boolean showUsage = false;
        for (GnuGetopt.Event event : parsed.events()) {
            switch (event) {
                case GnuGetopt.Problem problem -> {
                    call.out().errLine(problem.message());
                    showUsage = true;
                }
                case GnuGetopt.Option option -> oneline = true;
            }
        }
        if (parsed.operands().isEmpty() || showUsage) {
            return call.usage();
        }
        String clusterName = parsed.operands().get(0);
        Optional<Cluster> cluster = call.conf().cluster(clusterName);
        if (cluster.isEmpty()) {
            call.out().err("o2cb: Unknown cluster '" + clusterName + "'\n");
            return O2cbOutcome.exit(0);
        }
        StringBuilder text = new StringBuilder();
        switch (call.command()) {
            case LIST_HEARTBEATS -> heartbeats(text, cluster.get(), clusterName, oneline);
            case LIST_NODES -> nodes(text, cluster.get(), clusterName, oneline);
            default -> {
                heartbeats(text, cluster.get(), clusterName, oneline);
                nodes(text, cluster.get(), clusterName, oneline);
                summary(text, cluster.get(), clusterName, oneline);
            }
        }
        call.out().out(text.toString());
        return O2cbOutcome.exit(0);
    }

    private static void heartbeats(StringBuilder text, Cluster cluster, String clusterName, boolean oneline) {
        for (HeartbeatRegion hb : cluster.heartbeats()) {
            text.append(oneline ? "heartbeat: " + hb.region() + " " + clusterName + "\n"
                    : "heartbeat:\n\tregion = " + hb.region() + "\n\tcluster = " + clusterName + "\n\n");
        }
    }

    private static void nodes(StringBuilder text, Cluster cluster, String clusterName, boolean oneline) {
        for (Node node : cluster.nodes()) {
            int number = (int) node.number();
            int port = (int) node.port();
            text.append(oneline
                    ? "node: " + number + " " + node.name() + " " + node.ipAddress() + ":" + port + " "
                    + clusterName + "\n"
                    : "node:\n\tnumber = " + number + "\n\tname = " + node.name() + "\n\tip_address = "
                    + node.ipAddress() + "\n\tip_port = " + port + "\n\tcluster = " + clusterName + "\n\n");
        }
    }

    private static void summary(StringBuilder text, Cluster cluster, String clusterName, boolean oneline) {
        int count = (int) cluster.nodeCount();
        String mode = cluster.heartbeatMode().text();
        text.append(oneline ? "cluster: " + count + " " + mode + " " + clusterName + "\n"
                : "cluster:\n\tnode_count = " + count + "\n\theartbeat_mode = " + mode + "\n\tname = "
                + clusterName + "\n\n");
    }
}
