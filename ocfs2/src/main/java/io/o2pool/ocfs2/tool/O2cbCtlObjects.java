package io.o2pool.ocfs2.tool;

import io.o2pool.ocfs2.conf.CNumbers;
import io.o2pool.ocfs2.conf.Cluster;
import io.o2pool.ocfs2.conf.ClusterConf;
import io.o2pool.ocfs2.conf.ConfEditException;
import io.o2pool.ocfs2.conf.ConfEditor;
import io.o2pool.ocfs2.conf.Ipv4Text;
import io.o2pool.ocfs2.conf.NewNode;
import io.o2pool.ocfs2.conf.StrictRules;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code o2cb_ctl -C} and {@code -D} do to the configuration: the real tool's checks in its order with its
 * messages ({@code Node "X" already exists} ...), then o2pool's strict rules ({@link ConfEditor}); {@code -I} is
 * {@link O2cbCtlInfo}. Not thread-safe (one per run).
 */
final class O2cbCtlObjects {
    /** Exit code, and the configuration to store if the operation changed it. */
    record Result(int exitCode, Optional<ClusterConf> changed) {
        static Result exit(int exitCode) {
            return new Result(exitCode, Optional.empty());
        }
    }

    private final O2cbCtlOptions options;
    private final ClusterConf conf;
    private final ToolOutput out;

    O2cbCtlObjects(O2cbCtlOptions options, ClusterConf conf, ToolOutput out) {
        this.options = options;
        this.conf = conf;
        this.out = out;
    }

    /** The attributes {@code -a} may name for a type (o2cb_ctl's {@code valid_attr} table). */
    static boolean validAttribute(O2cbCtlOptions.ObjectType type, String name) {
        return switch (type) {
            case CLUSTER -> name.equals("name") || name.equals("online");
            case NODE -> name.equals("name") || name.equals("cluster") || name.equals("number")
                    || name.equals("ip_address") || name.equals("ip_port");
            case NONE -> false;
        };
    }

    Result info() {
        return Result.exit(new O2cbCtlInfo(options, conf, out).run());
    }

    Result create() {
        return options.type() == O2cbCtlOptions.ObjectType.CLUSTER ? createClusters() : createNode();
    }

    private Result createClusters() {
        ClusterConf changed = conf;
        for (String name : options.objects()) {
            if (changed.cluster(name).isPresent()) {
                return fail("Cluster \"" + name + "\" already exists", Errno.EEXIST.exitCode());
            }
            try {
                changed = ConfEditor.addCluster(changed, name);
            } catch (ConfEditException e) {
                return refuse(e);
            }
        }
        return new Result(0, Optional.of(changed));
    }

    private Result createNode() {
        if (options.objects().size() > 1) {
            return fail("Cannot create more than one node at a time", Errno.EINVAL.exitCode());
        }
        for (String required : new String[] {"cluster", "ip_address", "ip_port"}) {
            if (value(required).isEmpty()) {
                return fail("\"" + required + "\" attribute required to create a node", Errno.EINVAL.exitCode());
            }
        }
        String clusterName = value("cluster").orElseThrow();
        String ip = value("ip_address").orElseThrow();
        String portText = value("ip_port").orElseThrow();
        String name = options.objects().get(0);
        Optional<Cluster> cluster = conf.cluster(clusterName);
        if (cluster.isEmpty()) {
            return fail("Cluster \"" + clusterName + "\" does not exist", Errno.ENOENT.exitCode());
        }
        if (cluster.get().node(name).isPresent()) {
            return fail("Node \"" + name + "\" already exists", Errno.EEXIST.exitCode());
        }
        if (!Ipv4Text.isValid(ip)) {
            return fail("IP address \"" + ip + "\" is invalid", Errno.EINVAL.exitCode());
        }
        CNumbers.Conversion port = CNumbers.strtol(portText, 10);
        if (!port.ok() || port.value() < 0 || port.value() > 65535) {
            return fail("Port number \"" + portText + "\" is invalid", Errno.ERANGE.exitCode());
        }
        if (StrictRules.port(port.value()).isPresent()) {
            return fail("Port number \"" + portText + "\" is invalid; it must be between 1 and 65535",
                    Errno.ERANGE.exitCode());
        }
        OptionalLong number = OptionalLong.empty();
        Optional<O2cbCtlOptions.Attribute> numberAttribute = options.attribute("number");
        if (numberAttribute.isPresent() && numberAttribute.get().value() != null) {
            String text = numberAttribute.get().value();
            CNumbers.Conversion parsed = CNumbers.strtol(text, 10);
            if (!parsed.ok() || parsed.value() < 0 || parsed.value() > Integer.MAX_VALUE) {
                return fail("Node number \"" + text + "\" is invalid", Errno.ERANGE.exitCode());
            }
            if (StrictRules.nodeNumber(parsed.value()).isPresent()) {
                return fail("Node number \"" + text + "\" is invalid; it must be between 0 and "
                        + StrictRules.MAX_NODE_NUMBER, Errno.ERANGE.exitCode());
            }
            if (cluster.get().nodeNumbered(parsed.value()).isPresent()) {
                return fail("Node number \"" + parsed.value() + "\" already exists", Errno.EEXIST.exitCode());
            }
            number = OptionalLong.of(parsed.value());
        }
        try {
            return new Result(0, Optional.of(ConfEditor.addNode(conf, clusterName,
                    new NewNode(name, number, ip, port.value()))));
        } catch (ConfEditException e) {
            return refuse(e);
        }
    }

    Result delete() {
        String object = options.objects().get(0);
        Optional<String> clusterAttribute = value("cluster");
        boolean isCluster = options.type() == O2cbCtlOptions.ObjectType.CLUSTER
                || options.type() == O2cbCtlOptions.ObjectType.NONE && conf.cluster(object).isPresent();
        try {
            if (isCluster) {
                if (conf.cluster(object).isEmpty()) {
                    return fail("Cluster \"" + object + "\" does not exist", Errno.ENOENT.exitCode());
                }
                return new Result(0, Optional.of(ConfEditor.removeCluster(conf, object)));
            }
            if (clusterAttribute.isPresent() && conf.cluster(clusterAttribute.get()).isEmpty()) {
                return fail("Cluster \"" + clusterAttribute.get() + "\" does not exist", Errno.ENOENT.exitCode());
            }
            Optional<Cluster> owner = conf.clusters().stream()
                    .filter(c -> clusterAttribute.map(c.name()::equals).orElse(true))
                    .filter(c -> c.node(object).isPresent()).findFirst();
            if (owner.isEmpty()) {
                return fail((options.type() == O2cbCtlOptions.ObjectType.NODE ? "Node" : "Object") + " \"" + object
                        + "\" does not exist", Errno.ENOENT.exitCode());
            }
            return new Result(0, Optional.of(ConfEditor.removeNode(conf, owner.get().name(), object)));
        } catch (ConfEditException e) {
            return refuse(e);
        }
    }

    /** The value of an {@code -a name=value}, empty when missing, given without '=' or empty. */
    private Optional<String> value(String name) {
        return options.attribute(name).map(O2cbCtlOptions.Attribute::value).filter(v -> !v.isEmpty());
    }

    private Result fail(String message, int exitCode) {
        out.err("o2cb_ctl: " + message + "\n");
        return Result.exit(exitCode);
    }

    private Result refuse(ConfEditException e) {
        return fail(e.getMessage(), O2cbCtlTool.exitCode(e.failure()));
    }
}
