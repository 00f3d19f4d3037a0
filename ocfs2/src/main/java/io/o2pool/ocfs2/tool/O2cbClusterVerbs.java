package io.o2pool.ocfs2.tool;

import io.o2pool.ocfs2.conf.CNumbers;
import io.o2pool.ocfs2.conf.ClusterConf;
import io.o2pool.ocfs2.conf.ConfEditException;
import io.o2pool.ocfs2.conf.ConfEditor;
import io.o2pool.ocfs2.conf.EditFailure;
import io.o2pool.ocfs2.conf.HeartbeatMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * o2cb's cluster-level verbs: {@code add-cluster}, {@code remove-cluster}, {@code heartbeat-mode},
 * {@code add-heartbeat} and {@code remove-heartbeat}, with the tool's argument rules (which arguments it trims, when
 * it prints its usage) and messages. A block device given as a heartbeat region is refused: the region is the
 * filesystem UUID, which o2pool does not read from devices here.
 */
final class O2cbClusterVerbs {
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;

    private O2cbClusterVerbs() {
    }

    static O2cbOutcome addCluster(O2cbCall call) {
        if (call.argv().size() < 2) {
            return call.usage();
        }
        String name = CNumbers.strip(call.argv().get(1));
        try {
            ClusterConf changed = ConfEditor.addCluster(call.conf(), name);
            call.verbose("Added cluster '" + name + "'");
            return O2cbOutcome.store(changed);
        } catch (ConfEditException e) {
            // o2cb 1.8.7 exits 0 when the cluster already exists
            call.out().err("o2cb: " + e.getMessage() + "\n");
            return O2cbOutcome.exit(e.failure() == EditFailure.ALREADY_EXISTS ? 0 : 1);
        }
    }

    static O2cbOutcome removeCluster(O2cbCall call) {
        if (call.argv().size() < 2 || CNumbers.strip(call.argv().get(1)).isEmpty()) {
            return call.usage();
        }
        String name = CNumbers.strip(call.argv().get(1));
        try {
            ClusterConf changed = ConfEditor.removeCluster(call.conf(), name);
            call.verbose("Removed cluster '" + name + "'");
            return O2cbOutcome.store(changed);
        } catch (ConfEditException e) {
            return call.fail(e.getMessage());
        }
    }

    static O2cbOutcome heartbeatMode(O2cbCall call) {
        if (call.argv().size() < 3) {
            return call.usage();
        }
        String mode = call.argv().get(2);
        if (!mode.equals("global") && !mode.equals("local")) {
            return call.usage();
        }
        String cluster = call.argv().get(1);
        try {
            ClusterConf changed = ConfEditor.setHeartbeatMode(call.conf(), cluster,
                    HeartbeatMode.parse(mode).orElseThrow());
            call.verbose("Changed heartbeat mode in cluster '" + cluster + "' to '" + mode + "'");
            return O2cbOutcome.store(changed);
        } catch (ConfEditException e) {
            return call.fail(e.getMessage());
        }
    }

    static O2cbOutcome addHeartbeat(O2cbCall call) {
        if (call.argv().size() < 3) {
            return call.usage();
        }
        String cluster = call.argv().get(1);
        String region = CNumbers.strip(call.argv().get(2));
        if (isBlockDevice(region)) {
            return refuseDevice(call, region);
        }
        call.debug("'" + region + "' is not a block device; assuming region");
        call.debug("Heartbeat region '" + region + "'");
        try {
            ClusterConf changed = ConfEditor.addHeartbeat(call.conf(), cluster, region);
            call.verbose("Added heartbeat region '" + region + "' to cluster '" + cluster + "'");
            return O2cbOutcome.store(changed);
        } catch (ConfEditException e) {
            return call.fail(e.getMessage());
        }
    }

    static O2cbOutcome removeHeartbeat(O2cbCall call) {
        if (call.argv().size() < 3) {
            return call.usage();
        }
        String cluster = call.argv().get(1);
        String region = call.argv().get(2);
        if (isBlockDevice(region)) {
            return refuseDevice(call, region);
        }
        call.debug("'" + region + "' is not a block device; assuming region");
        call.debug("Heartbeat region '" + region + "'");
        try {
            ClusterConf changed = ConfEditor.removeHeartbeat(call.conf(), cluster, region);
            call.verbose("Removed heartbeat region '" + region + "' from cluster '" + cluster + "'");
            return O2cbOutcome.store(changed);
        } catch (ConfEditException e) {
            return call.fail(e.getMessage());
        }
    }

    private static O2cbOutcome refuseDevice(O2cbCall call, String device) {
        return call.fail("'" + device + "' is a block device; give its filesystem UUID as the heartbeat region "
                + "('o2pool ocfs2 inspect " + device + "' shows it)");
    }

    private static boolean isBlockDevice(String name) {
        try {
            Object mode = Files.getAttribute(Path.of(name), "unix:mode");
            return mode instanceof Integer m && (m & S_IFMT) == S_IFBLK;
        } catch (IOException | RuntimeException notAFile) {
            return false;
        }
    }
}
