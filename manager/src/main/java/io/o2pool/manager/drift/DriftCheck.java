package io.o2pool.manager.drift;

import io.o2pool.manager.agents.ConfigBundle;
import io.o2pool.manager.agents.LiveConfig;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.planner.ClusterSpec;
import io.o2pool.manager.planner.ConfigBundles;
import io.o2pool.manager.planner.NodeSpec;
import io.o2pool.manager.planner.TextDiff;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Compares a member's live configuration with the pool's: the same generation number and, byte for byte, the files
 * the pool's generation renders to. Pure.
 */
public final class DriftCheck {
    private DriftCheck() {
    }

    /** The cluster every member of {@code pool} runs at its generation: the servers holding node numbers. */
    public static ClusterSpec poolSpec(Pool pool, List<Server> servers) {
        List<NodeSpec> nodes = servers.stream().filter(s -> s.nodeNumber() != null)
                .map(s -> new NodeSpec(s.name(), s.nodeNumber(), s.nodeName(), s.ipAddress())).toList();
        return new ClusterSpec(pool.clusterName(), pool.ipPort(), pool.heartbeatMode(), nodes);
    }

    /** The files every member should have now. */
    public static ConfigBundle expected(Pool pool, List<Server> servers) {
        return ConfigBundles.bundle(pool, poolSpec(pool, servers), pool.generation());
    }

    /** The drift of {@code server} from {@code expected}, if any. */
    public static Optional<Drift> check(ConfigBundle expected, Server server, LiveConfig live, Instant now) {
        boolean sameGeneration = live.generation() != null && live.generation() == expected.generation();
        boolean sameFiles = expected.checksum().equalsIgnoreCase(String.valueOf(live.diskChecksum()));
        if (sameGeneration && sameFiles && !live.handEdited()) {
            return Optional.empty();
        }
        String label = "pool generation " + expected.generation();
        String diff = TextDiff.unified(expected.clusterConf(), live.clusterConf(), label + " cluster.conf",
                server.name() + " cluster.conf")
                + TextDiff.unified(expected.o2cbDefaults(), live.o2cbDefaults(), label + " o2cb defaults",
                server.name() + " o2cb defaults");
        return Optional.of(new Drift(server.id(), server.name(), now, live.generation(), expected.generation(),
                live.diskChecksum(), expected.checksum(), live.handEdited(), diff));
    }
}
