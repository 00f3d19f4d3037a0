package io.o2pool.ocfs2.tool;

import io.o2pool.ocfs2.conf.CNumbers;
import io.o2pool.ocfs2.conf.Cluster;
import io.o2pool.ocfs2.conf.ClusterConf;
import io.o2pool.ocfs2.conf.ConfEditException;
import io.o2pool.ocfs2.conf.ConfEditor;
import io.o2pool.ocfs2.conf.Ipv4Text;
import io.o2pool.ocfs2.conf.NewNode;
import io.o2pool.ocfs2.conf.StrictRules;

import java.util.List;
import java.util.OptionalLong;

/**
 * o2cb's {@code add-node [--ip IP] [--port PORT] [--number NUM] CLUSTER NODE} and {@code remove-node CLUSTER NODE}.
 * Options are parsed like the tool (getopt_long, C {@code strtol} with base prefixes, -1 meaning "choose"), checked
 * in its order (cluster, IP address or host name lookup, number, name) with its messages, and then against the
 * strict rules; a value the tool would truncate to 32 bits is refused as it was typed.
 */
final class O2cbNodeVerbs {
    private static final List<GnuGetopt.LongOption> OPTIONS = List.of(
            new GnuGetopt.LongOption("ip", true, "ip"),
            new GnuGetopt.LongOption("port", true, "port"),
            new GnuGetopt.LongOption("number", true, "number"));
    private static final long CHOOSE = -1;

    private final HostResolver resolver;

    O2cbNodeVerbs(HostResolver resolver) {
        this.resolver = resolver;
    }

    O2cbOutcome addNode(O2cbCall call) {
        List<String> argv = call.argv();
        GnuGetopt.Parsed parsed = new GnuGetopt(argv.get(0), "", OPTIONS, GnuGetopt.Ordering.PERMUTE)
                .parse(argv.subList(1, argv.size()));
        String ip = null;
        long port = CHOOSE;
        long number = CHOOSE;
        boolean showUsage = false;
        for (GnuGetopt.Event event : parsed.events()) {
            switch (event) {
                case GnuGetopt.Problem problem -> {
                    call.out().errLine(problem.message());
                    showUsage = true;
                }
                case GnuGetopt.Option option when option.key().equals("ip") -> ip = option.argument();
                case GnuGetopt.Option option -> {
                    CNumbers.Conversion value = CNumbers.strtol(option.argument(), 0);
                    if (value.status() == CNumbers.Status.NOT_A_NUMBER) {
                        call.out().err("o2cb: Invalid " + (option.key().equals("port") ? "port" : "node")
                                + " number\n");
                        return call.usage();
                    }
                    if (option.key().equals("port")) {
                        port = value.value();
                    } else {
                        number = value.value();
                    }
                }
            }
        }
        List<String> operands = parsed.operands();
        if (operands.size() < 2 || showUsage) {
            return call.usage();
        }
        String clusterName = operands.get(0);
        String nodeName = CNumbers.strip(operands.get(1));
        if (nodeName.isEmpty()) {
            call.out().err("o2cb: Node name cannot be zero length\n");
            return call.usage();
        }
        call.debug("Add node '" + nodeName + "' in cluster '" + clusterName + "' having ip '"
                + (ip == null ? "auto" : ip) + "', port '" + (int) port + "' and number '" + (int) number + "'");
        try {
            Cluster cluster = ConfEditor.cluster(call.conf(), clusterName);
            if (ip != null && !Ipv4Text.isValid(ip)) {
                return call.fail("Bad IP Address '" + ip + "'");
            }
            if (ip == null) {
                ip = resolver.ipv4Address(nodeName).orElse(null);
                if (ip == null) {
                    return call.fail("Name or service not known, while looking up the IP address for '"
                            + nodeName + "'");
                }
            }
            call.debug("Validated IP address '" + ip + "'");
            long chosen = ConfEditor.chooseNodeNumber(cluster,
                    number == CHOOSE ? OptionalLong.empty() : OptionalLong.of(number));
            call.debug("Validated node number '" + chosen + "'");
            long finalPort = port == CHOOSE ? StrictRules.DEFAULT_PORT : port;
            ClusterConf changed = ConfEditor.addNode(call.conf(), clusterName,
                    new NewNode(nodeName, OptionalLong.of(chosen), ip, finalPort));
            call.verbose("Added node '" + nodeName + "' in cluster '" + clusterName + "' having ip '" + ip
                    + "', port '" + finalPort + "' and number '" + chosen + "'");
            return O2cbOutcome.store(changed);
        } catch (ConfEditException e) {
            return call.fail(e.getMessage());
        }
    }

    O2cbOutcome removeNode(O2cbCall call) {
        if (call.argv().size() < 3) {
            return call.usage();
        }
        String clusterName = call.argv().get(1);
        String nodeName = call.argv().get(2);
        try {
            ClusterConf changed = ConfEditor.removeNode(call.conf(), clusterName, nodeName);
            call.verbose("Removed node '" + nodeName + "' from cluster '" + clusterName + "'");
            return O2cbOutcome.store(changed);
        } catch (ConfEditException e) {
            return call.fail(e.getMessage());
        }
    }
}
