package io.o2pool.manager.drift;

import io.o2pool.manager.agents.ConfigBundle;
import io.o2pool.manager.agents.LiveConfig;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.planner.TextDiff;
import java.time.Instant;
import java.util.Optional;

/**
 * Compares a member's live configuration with the pool's: the same generation number and, byte for byte, the files
 * the pool's generation renders to. Pure.
 */
public final class DriftCheck {
    private DriftCheck() {
    }

    /** The drift of {@code server} from {@code expected}, if any. */
    public static Optional<Drift> check(ConfigBundle expected, Server server, LiveConfig live, Instant now) {
        boolean sameGeneration = live.generation() != null && live.generation() == expected.generation();
        boolean sameFiles = expected.checksum().equalsIgnoreCase(String.valueOf(live.diskChecksum()));
        if (sameGeneration && sameFiles && !live.handEdited() && live.problems().isEmpty()) {
            return Optional.empty();
        }
        String label = "pool generation " + expected.generation();
        String diff = TextDiff.unified(expected.clusterConf(), live.clusterConf(), label + " cluster.conf",
                server.name() + " cluster.conf")
                + TextDiff.unified(expected.o2cbDefaults(), live.o2cbDefaults(), label + " o2cb defaults",
                server.name() + " o2cb defaults");
        return Optional.of(new Drift(server.id(), server.name(), now, live.generation(), expected.generation(),
                live.diskChecksum(), expected.checksum(), live.handEdited(), diff, live.problems()));
    }
}
