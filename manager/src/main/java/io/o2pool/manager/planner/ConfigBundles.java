package io.o2pool.manager.planner;

import io.o2pool.agent.api.ConfigChecksum;
import io.o2pool.manager.agents.ConfigBundle;
import io.o2pool.manager.model.O2cbTimeouts;
import io.o2pool.manager.model.Pool;
import io.o2pool.ocfs2.defaults.O2cbDefaults;
import io.o2pool.ocfs2.defaults.O2cbDefaultsWriter;

/**
 * Builds the files of one pool generation: cluster.conf from the desired spec, the o2cb defaults file from the pool's
 * timeouts (o2cb enabled at boot, classic stack, boot cluster = the pool's cluster), and the checksum agents report
 * for their live config, so drift is a plain comparison. Pure.
 */
public final class ConfigBundles {
    private ConfigBundles() {
    }

    public static ConfigBundle bundle(Pool pool, ClusterSpec spec, long generation) {
        String conf = ClusterConfRenderer.render(spec);
        String o2cb = o2cbDefaults(pool);
        String poolId = poolId(pool);
        return new ConfigBundle(generation, poolId, conf, o2cb, ConfigChecksum.of(poolId, conf, o2cb));
    }

    /** The pool id agents record with each generation. */
    public static String poolId(Pool pool) {
        return "pool-" + pool.id();
    }

    static String o2cbDefaults(Pool pool) {
        O2cbTimeouts t = pool.timeouts();
        return O2cbDefaultsWriter.render(new O2cbDefaults(true, O2cbDefaults.CLASSIC_STACK, pool.clusterName(),
                t.heartbeatDeadThreshold(), t.idleTimeoutMs(), t.keepaliveDelayMs(), t.reconnectDelayMs()));
    }
}
