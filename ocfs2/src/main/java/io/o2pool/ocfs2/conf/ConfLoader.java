package io.o2pool.ocfs2.conf;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns stanzas into a {@link ClusterConf} with the rules and the order of libo2cb's {@code o2cb_config_load}, so
 * that a file loads here exactly when {@code o2cb --config-file=F list-cluster} loads it. For each {@code cluster:}
 * stanza in order: its name (required; 1.8.7 crashes without one), no second cluster of that name, the heartbeat
 * mode, then its {@code node:} stanzas (name unique, decimal number below 2147483647, IPv4 address, decimal port),
 * then {@code node_count} (required), then its {@code heartbeat:} stanzas (region required and unique).
 */
final class ConfLoader {
    private final List<Stanza> stanzas;
    private final SourceMap.Builder positions = new SourceMap.Builder();

    private ConfLoader(List<Stanza> stanzas) {
        this.stanzas = stanzas;
    }

    static LoadedConf load(List<Stanza> stanzas) throws ConfParseException {
        return new ConfLoader(stanzas).load();
    }

    private LoadedConf load() throws ConfParseException {
        List<Cluster> clusters = new ArrayList<>();
        Map<String, Stanza> seen = new HashMap<>();
        for (Stanza stanza : named("cluster")) {
            Stanza.Attribute name = stanza.attribute("name").orElseThrow(() -> stanza.position().error(
                    "the cluster stanza has no 'name' attribute; expected 'name = <cluster name>'"));
            String rawName = name.chomped();
            Stanza first = seen.putIfAbsent(rawName, stanza);
            if (first != null) {
                throw name.valuePosition().error("cluster '" + display(rawName) + "' is defined a second time "
                        + "(first at line " + first.position().line() + "); expected each cluster name once");
            }
            clusters.add(cluster(stanza, name, rawName, clusters.size()));
        }
        ClusterConf conf = new ClusterConf(clusters);
        List<ConfWarning> warnings = new ArrayList<>(StanzaLeftovers.warnings(stanzas, seen.keySet()));
        warnings.addAll(ConfAudit.audit(conf, positions.build()));
        warnings.sort(Comparator.comparingInt(ConfWarning::line).thenComparingInt(ConfWarning::column));
        return new LoadedConf(conf, warnings);
    }

    private Cluster cluster(Stanza stanza, Stanza.Attribute name, String rawName, int index)
            throws ConfParseException {
        HeartbeatMode mode = HeartbeatMode.LOCAL;
        Optional<Stanza.Attribute> modeAttribute = stanza.attribute("heartbeat_mode");
        if (modeAttribute.isPresent()) {
            String text = modeAttribute.get().chomped();
            mode = HeartbeatMode.parse(text).orElseThrow(() -> modeAttribute.get().valuePosition().error(
                    "heartbeat_mode '" + display(text) + "' is invalid; expected 'local' or 'global'"));
        }
        positions.put(SourceMap.cluster(index), stanza.position());
        positions.put(SourceMap.clusterName(index), name.valuePosition());
        List<Node> nodes = new ArrayList<>();
        Map<String, Stanza> nodeNames = new HashMap<>();
        for (Stanza nodeStanza : belongingTo("node", rawName)) {
            nodes.add(new NodeStanzaReader(nodeStanza, display(rawName), nodeNames).read());
            positions.putNode(index, nodes.size() - 1, nodeStanza);
        }
        long nodeCount = nodeCount(stanza, rawName, index);
        List<HeartbeatRegion> regions = new ArrayList<>();
        Map<String, Stanza> seenRegions = new HashMap<>();
        for (Stanza hb : belongingTo("heartbeat", rawName)) {
            Stanza.Attribute region = hb.attribute("region").filter(a -> !a.chomped().isEmpty())
                    .orElseThrow(() -> hb.position().error("the heartbeat stanza of cluster '" + display(rawName)
                            + "' has no region; expected 'region = <filesystem UUID>'"));
            Stanza first = seenRegions.putIfAbsent(region.chomped(), hb);
            if (first != null) {
                throw region.valuePosition().error("heartbeat region '" + display(region.chomped())
                        + "' of cluster '" + display(rawName) + "' is listed twice (first at line "
                        + first.position().line() + ")");
            }
            positions.put(SourceMap.heartbeat(index, regions.size()), region.valuePosition());
            regions.add(new HeartbeatRegion(utf8(region)));
        }
        return new Cluster(utf8(name), mode, nodeCount, nodes, regions);
    }

    private long nodeCount(Stanza stanza, String rawName, int index) throws ConfParseException {
        Optional<Stanza.Attribute> count = stanza.attribute("node_count").filter(a -> !a.chomped().isEmpty());
        if (count.isEmpty()) {
            throw stanza.attribute("node_count").map(Stanza.Attribute::valuePosition).orElse(stanza.position())
                    .error("cluster '" + display(rawName) + "' has no node_count; expected "
                            + "'node_count = <number of nodes>' in its stanza");
        }
        long value = NodeStanzaReader.number(count.get(), "node_count of cluster '" + display(rawName) + "'",
                Cluster.MAX_LOADABLE_NODE_COUNT);
        positions.put(SourceMap.nodeCount(index), count.get().valuePosition());
        return value;
    }

    private List<Stanza> named(String name) {
        return stanzas.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** Stanzas whose {@code cluster} attribute (chomped) is exactly {@code clusterName}, in file order. */
    private List<Stanza> belongingTo(String stanzaName, String clusterName) {
        return named(stanzaName).stream()
                .filter(s -> s.value("cluster").map(clusterName::equals).orElse(false)).toList();
    }

    /** A raw (byte-per-char) value as it reads in a message, decoding UTF-8 where it can. */
    static String display(String raw) {
        return ShownValue.of(new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    /** A used value as text: the file's bytes must be UTF-8 (o2pool's only deviation in what loads). */
    static String utf8(Stanza.Attribute attribute) throws ConfParseException {
        byte[] bytes = attribute.chomped().getBytes(StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw attribute.valuePosition().error("the value of '" + attribute.key() + "' is not UTF-8 text; "
                    + "o2pool reads cluster.conf as UTF-8 (ocfs2-tools would take the bytes as they are)");
        }
    }
}
