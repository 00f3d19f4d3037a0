package io.o2pool.ocfs2.tool;

import io.o2pool.ocfs2.conf.ClusterConf;

import java.util.Optional;

/** How an o2cb command ended: its exit code, and the configuration to store if it changed one. */
record O2cbOutcome(int exitCode, Optional<ClusterConf> changed) {
    static O2cbOutcome exit(int exitCode) {
        return new O2cbOutcome(exitCode, Optional.empty());
    }

    static O2cbOutcome store(ClusterConf conf) {
        return new O2cbOutcome(0, Optional.of(conf));
    }
}
