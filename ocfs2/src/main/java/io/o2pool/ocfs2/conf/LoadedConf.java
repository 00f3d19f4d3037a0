package io.o2pool.ocfs2.conf;

import java.util.List;
import java.util.Objects;

/** A cluster.conf as loaded: the configuration and the warnings about values o2pool would not have written. */
public record LoadedConf(ClusterConf conf, List<ConfWarning> warnings) {
    public LoadedConf {
        Objects.requireNonNull(conf, "conf");
        warnings = List.copyOf(warnings);
    }
}
