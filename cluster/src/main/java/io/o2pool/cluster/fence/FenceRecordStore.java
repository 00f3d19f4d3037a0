package io.o2pool.cluster.fence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fence records in the shared repository: {@code <dir>/fence/<node>-<yyyyMMdd'T'HHmmss.SSS'Z'>.json}, written to
 * a temporary file, forced to disk and renamed, so a reader never sees half a record and the record survives
 * the reboot that may follow. Thread-safe.
 */
public final class FenceRecordStore {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final ObjectMapper mapper;

    /** Records kept in {@code repository/fence}. */
    public FenceRecordStore(Path repository) {
        this.dir = repository.resolve("fence");
        this.mapper = new ObjectMapper()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Writes {@code record} durably and returns its path. */
    public Path write(FenceRecord record) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(record.node() + "-" + STAMP.format(record.time()) + ".json");
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
        byte[] json = mapper.writeValueAsBytes(toJsonTree(record));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(json);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** Every record in the store, oldest first by file name. */
    public List<FenceRecord> readAll() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<FenceRecord> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                out.add(fromJsonTree(mapper.readTree(p.toFile())));
            }
        }
        return out;
    }

    /** The folder holding the records. */
    public Path dir() {
        return dir;
    }

    private java.util.Map<String, Object> toJsonTree(FenceRecord r) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("time", r.time().toString());
        m.put("cluster", r.cluster());
        m.put("node", r.node());
        m.put("nodeNumber", r.nodeNumber());
        m.put("rule", r.rule().name());
        m.put("message", r.message());
        m.put("heartbeating", r.heartbeating());
        m.put("connected", r.connected());
        m.put("lowestNode", r.lowestNode());
        m.put("peersSeen", r.peersSeen());
        m.put("peersConnected", r.peersConnected());
        m.put("lastWriteLatenciesMs", r.lastWriteLatenciesMs());
        m.put("method", r.method().name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }

    private static FenceRecord fromJsonTree(com.fasterxml.jackson.databind.JsonNode n) {
        List<String> seen = new ArrayList<>();
        n.get("peersSeen").forEach(e -> seen.add(e.asText()));
        List<String> conn = new ArrayList<>();
        n.get("peersConnected").forEach(e -> conn.add(e.asText()));
        List<Long> lat = new ArrayList<>();
        n.get("lastWriteLatenciesMs").forEach(e -> lat.add(e.asLong()));
        return new FenceRecord(java.time.Instant.parse(n.get("time").asText()), n.get("cluster").asText(),
                n.get("node").asText(), n.get("nodeNumber").asInt(),
                io.o2pool.cluster.quorum.QuorumVerdict.FenceRule.valueOf(n.get("rule").asText()), n.get("message").asText(),
                n.get("heartbeating").asInt(), n.get("connected").asInt(), n.get("lowestNode").asInt(), seen, conn, lat,
                FenceMethod.parse(n.get("method").asText()));
    }
}
