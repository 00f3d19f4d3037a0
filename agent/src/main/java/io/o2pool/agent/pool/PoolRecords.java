package io.o2pool.agent.pool;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.agent.api.GenerationRef;
import io.o2pool.agent.api.Json;
import io.o2pool.agent.config.AtomicFiles;
import io.o2pool.agent.stack.StackConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool records in the repositories this agent has attached ({@code roots}: a directory repository's path, a
 * mounted OCFS2 volume's mount point): {@link #publish} writes the generation just committed into each (never over a
 * newer one), {@link #newest} reads the newest. A record that cannot be read or written is logged and skipped: the
 * record protects a returning node, it never blocks a commit.
 */
public final class PoolRecords {
    /** Inside a repository: {@code .o2pool/cluster/<cluster>/pool-record.json}, beside the heartbeat region. */
    public static final String FILE = "pool-record.json";
    private static final Logger log = LoggerFactory.getLogger(PoolRecords.class);
    private final Supplier<List<Path>> roots;
    private final String nodeName;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();

    public PoolRecords(Supplier<List<Path>> roots, String nodeName, Clock clock) {
        this.roots = roots;
        this.nodeName = nodeName;
        this.clock = clock;
    }

    /** Where cluster {@code cluster}'s record lives in the repository at {@code root}. */
    public static Path path(Path root, String cluster) {
        return root.resolve(".o2pool").resolve("cluster").resolve(cluster).resolve(FILE);
    }

    /** Records that {@code live} (with {@code config}'s nodes) is committed, in every attached repository. */
    public void publish(GenerationRef live, StackConfig config) {
        PoolRecord record = new PoolRecord(live.poolId(), config.clusterName(), live.generation(), live.checksum(),
                config.nodes().stream().map(n -> new PoolRecord.Node(n.name(), n.number())).toList(), nodeName,
                clock.instant());
        for (Path root : roots.get()) {
            Path file = path(root, config.clusterName());
            try {
                Optional<PoolRecord> there = read(file);
                if (there.isPresent() && there.get().poolId().equals(live.poolId())
                        && there.get().generation() >= live.generation()) {
                    continue; // another member wrote this generation (or a newer one) first
                }
                // every member publishes the same generation at about the same time: each through its own file
                AtomicFiles.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(record), false,
                        nodeName);
                log.info("pool record: generation {} of pool {} written to {}", live.generation(), live.poolId(), file);
            } catch (IOException | RuntimeException e) {
                log.warn("pool record: generation {} not written to {}: {}", live.generation(), file, e.toString());
            }
        }
    }

    /** The newest record of {@code cluster} among the attached repositories. */
    public Optional<PoolRecord> newest(String cluster) {
        return roots.get().stream().map(root -> path(root, cluster)).map(this::readQuietly).flatMap(Optional::stream)
                .max(Comparator.comparingLong(PoolRecord::generation));
    }

    private Optional<PoolRecord> readQuietly(Path file) {
        try {
            return read(file);
        } catch (IOException | RuntimeException e) {
            log.warn("pool record {} not readable: {}", file, e.toString());
            return Optional.empty();
        }
    }

    private Optional<PoolRecord> read(Path file) throws IOException {
        try {
            return Optional.of(json.readValue(Files.readAllBytes(file), PoolRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
