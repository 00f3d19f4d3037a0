package io.o2pool.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A pool's settings as options ({@code pool create}, {@code pool edit}): each one left out is not sent, so the manager
 * takes its default (create) or keeps the pool's value (edit).
 */
final class PoolSettingsOptions {
    @Option(names = "--repository-type", description = "OCFS2 (default) or NFS.")
    String repositoryType;
    @Option(names = "--cluster-name", description = "O2CB cluster name (default ocfs2).")
    String clusterName;
    @Option(names = "--ip-port", description = "o2net port on every node (default 7777).")
    Integer ipPort;
    @Mixin
    TimeoutOptions timeouts;
    @Option(names = "--max-nodes", description = "Most servers in the pool (default 32, at most 255).")
    Integer maxNodes;
    @Option(names = "--set", paramLabel = "FIELD=VALUE", description = "Any other pool field of the API.")
    List<String> extra = List.of();

    /** Puts the settings given into {@code body}; a {@code --set} without '=' is a usage error naming it. */
    void putInto(ObjectNode body, String verb) throws UsageError {
        if (repositoryType != null) {
            body.put("repository_type", repositoryType);
        }
        if (clusterName != null) {
            body.put("cluster_name", clusterName);
        }
        if (ipPort != null) {
            body.put("ip_port", ipPort);
        }
        timeouts.putInto(body);
        if (maxNodes != null) {
            body.put("max_nodes", maxNodes);
        }
        for (String kv : extra) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageError("o2pool pool " + verb + ": --set expects FIELD=VALUE, got '" + kv + "'");
            }
            body.set(kv.substring(0, eq), FieldValues.parse(kv.substring(eq + 1)));
        }
    }
}
