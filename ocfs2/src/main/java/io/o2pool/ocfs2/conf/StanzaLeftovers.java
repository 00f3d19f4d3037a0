package io.o2pool.ocfs2.conf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Warnings for what a loaded file holds but the model does not, so the operator learns before a rewrite drops it:
 * stanzas other than cluster/node/heartbeat, keys o2cb does not read, and nodes or heartbeat regions naming a
 * cluster that is not defined (o2cb ignores them).
 */
final class StanzaLeftovers {
    private static final Map<String, Set<String>> KNOWN_KEYS = Map.of(
            "cluster", Set.of("name", "heartbeat_mode", "node_count"),
            "node", Set.of("cluster", "number", "ip_port", "ip_address", "name"),
            "heartbeat", Set.of("cluster", "region"));

    private StanzaLeftovers() {
    }

    static List<ConfWarning> warnings(List<Stanza> stanzas, Set<String> rawClusterNames) {
        List<ConfWarning> warnings = new ArrayList<>();
        for (Stanza stanza : stanzas) {
            Set<String> known = KNOWN_KEYS.get(stanza.name());
            if (known == null) {
                warnings.add(stanza.position().warn("stanza '" + stanza.name() + ":' is not used by o2cb; it is "
                        + "dropped when the file is rewritten"));
                continue;
            }
            for (Stanza.Attribute attribute : stanza.attributes().values()) {
                if (!known.contains(attribute.key())) {
                    warnings.add(attribute.keyPosition().warn("attribute '" + attribute.key() + "' is not used "
                            + "in a '" + stanza.name() + ":' stanza; it is dropped when the file is rewritten"));
                }
            }
            if (!stanza.name().equals("cluster")) {
                String cluster = stanza.value("cluster").orElse(null);
                if (cluster == null || !rawClusterNames.contains(cluster)) {
                    warnings.add(stanza.position().warn("this " + stanza.name() + " stanza belongs to "
                            + (cluster == null ? "no cluster" : "cluster '" + ConfLoader.display(cluster)
                            + "', which is not defined") + "; o2cb ignores it and drops it when the file is "
                            + "rewritten"));
                }
            }
        }
        return warnings;
    }
}
