package io.o2pool.ocfs2.tool;

import io.o2pool.ocfs2.conf.CNumbers;
import io.o2pool.ocfs2.conf.Cluster;
import io.o2pool.ocfs2.conf.ClusterConf;
import io.o2pool.ocfs2.conf.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code o2cb_ctl -I}: lists clusters or nodes from the configuration in o2cb_ctl's formats (stanza-like, or
 * {@code -o} one line per object with a {@code #} header), every object {@code status = configured}. Objects come
 * from {@code -n} (a cluster name, else a node name or number in any cluster) or from {@code -t} (all of that type).
 * {@code -a} attributes are accepted and ignored, as in 1.8.7.
 */
final class O2cbCtlInfo {
    private final O2cbCtlOptions options;
    private final ClusterConf conf;
    private final ToolOutput out;

    O2cbCtlInfo(O2cbCtlOptions options, ClusterConf conf, ToolOutput out) {
        this.options = options;
        this.conf = conf;
        this.out = out;
    }

    /** Prints the listing; returns the exit code. */
    int run() {
        O2cbCtlOptions.ObjectType type = options.type();
        List<String> objects = new ArrayList<>(options.objects());
        if (objects.isEmpty()) {
            for (Cluster cluster : conf.clusters()) {
                if (type == O2cbCtlOptions.ObjectType.CLUSTER) {
                    objects.add(cluster.name());
                } else {
                    cluster.nodes().forEach(n -> objects.add(n.name()));
                }
            }
        } else if (type == O2cbCtlOptions.ObjectType.NONE) {
            Optional<O2cbCtlOptions.ObjectType> found = typeOf(objects.get(0));
            if (found.isEmpty()) {
                return Errno.ENOENT.exitCode();
            }
            type = found.get();
        }
        return type == O2cbCtlOptions.ObjectType.CLUSTER ? clusters(objects) : nodes(objects);
    }

    /** {@code find_type_for_objects}: a cluster of that name, else a node of that name or number. */
    private Optional<O2cbCtlOptions.ObjectType> typeOf(String object) {
        if (conf.cluster(object).isPresent()) {
            return Optional.of(O2cbCtlOptions.ObjectType.CLUSTER);
        }
        CNumbers.Conversion number = CNumbers.strtoul(object);
        boolean numeric = number.ok() && !object.isEmpty() && Long.compareUnsigned(number.value(), 0xFFFF_FFFFL) < 0;
        for (Cluster cluster : conf.clusters()) {
            if (cluster.node(object).isPresent() || numeric && cluster.nodeNumbered(number.value()).isPresent()) {
                return Optional.of(O2cbCtlOptions.ObjectType.NODE);
            }
        }
        return Optional.empty();
    }

    private int clusters(List<String> names) {
        if (options.compact()) {
            out.out("#name:count:status\n");
        }
        for (String name : names) {
            Optional<Cluster> cluster = conf.cluster(name);
            if (cluster.isEmpty()) {
                out.err("Cluster \"" + name + "\" does not exist\n");
                return Errno.ENOENT.exitCode();
            }
            long count = cluster.get().nodeCount();
            out.out(options.compact() ? name + ":" + count + ":configured\n"
                    : "cluster:\n\tname = " + name + "\n\tnode_count = " + count + "\n\tstatus = configured\n\n");
        }
        return 0;
    }

    private int nodes(List<String> names) {
        if (options.compact()) {
            out.out("#name:cluster:number:ip_address:ip_port:status\n");
        }
        for (String name : names) {
            Optional<Cluster> owner = conf.clusters().stream().filter(c -> c.node(name).isPresent()).findFirst();
            if (owner.isEmpty()) {
                out.err("Node \"" + name + "\" does not exist\n");
                return Errno.ENOENT.exitCode();
            }
            Node node = owner.get().node(name).orElseThrow();
            String cluster = owner.get().name();
            int port = (int) node.port();
            out.out(options.compact()
                    ? node.name() + ":" + cluster + ":" + node.number() + ":" + node.ipAddress() + ":" + port
                    + ":configured\n"
                    : "node:\n\tname = " + node.name() + "\n\tcluster = " + cluster + "\n\tnumber = " + node.number()
                    + "\n\tip_address = " + node.ipAddress() + "\n\tip_port = " + port
                    + "\n\tstatus = configured\n\n");
        }
        return 0;
    }
}
