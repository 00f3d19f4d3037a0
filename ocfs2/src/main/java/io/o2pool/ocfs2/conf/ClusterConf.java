package io.o2pool.ocfs2.conf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The content of {@code /etc/ocfs2/cluster.conf} as ocfs2-tools understands it: the clusters in file order, each
 * with its nodes and heartbeat regions. Comments, unknown stanzas and keys, and nodes of undefined clusters are not
 * part of it (the tools drop them on rewrite). Immutable; edit with {@link ConfEditor}, read with
 * {@link ConfReader}, write with {@link ConfWriter} or {@link ConfFile}.
 */
public record ClusterConf(List<Cluster> clusters) {
    public ClusterConf {
        clusters = List.copyOf(clusters);
    }

    /** No clusters: what a missing or empty file holds, and what is written as a 0-byte file. */
    public static ClusterConf empty() {
        return new ClusterConf(List.of());
    }

    /** The cluster with exactly this name. */
    public Optional<Cluster> cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** This configuration with the cluster of the same name replaced by {@code changed}. */
    public ClusterConf with(Cluster changed) {
        List<Cluster> list = new ArrayList<>(clusters);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equals(changed.name())) {
                list.set(i, changed);
                return new ClusterConf(list);
            }
        }
        throw new IllegalArgumentException("no cluster named '" + changed.name() + "'");
    }

    /** This configuration with {@code added} appended after the existing clusters. */
    public ClusterConf plus(Cluster added) {
        List<Cluster> list = new ArrayList<>(clusters);
        list.add(added);
        return new ClusterConf(list);
    }

    /** This configuration without the cluster of that name. */
    public ClusterConf without(String name) {
        return new ClusterConf(clusters.stream().filter(c -> !c.name().equals(name)).toList());
    }
}
