package io.o2pool.agent.pool;

import io.o2pool.agent.stack.StackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's journal of its stack ({@code STATE/stack-journal.log}, one line per event, appended and synced): when
 * it went online and on which generation with which nodes, each generation it took while running, when it went
 * offline, when it held a start, when it forgot its pool. A sysadmin reads it to know what configuration a node ran
 * when; tests read it to prove that no node ran an old generation beside a node of a newer one. A process killed
 * mid-run leaves no OFFLINE line: its last ONLINE/APPLY holds until the process's end. Line format:
 * {@code <instant> <EVENT> cluster=<name> generation=<n> nodes=<a,b> <detail>}.
 */
public final class StackJournal {
    /** What happened. */
    public enum Event {
        ONLINE, APPLY, OFFLINE, HELD, FORGOT
    }

    /** One line of the journal. */
    public record Entry(Instant at, Event event, String cluster, long generation, List<Integer> nodes, String detail) {
        public Entry {
            nodes = List.copyOf(nodes);
        }

        String line() {
            return at + " " + event + " cluster=" + cluster + " generation=" + generation + " nodes="
                    + nodes.stream().map(String::valueOf).collect(Collectors.joining(",")) + " " + detail;
        }

        static Entry parse(String line, int number, Path file) {
            String[] f = line.split(" ", 6);
            try {
                if (f.length < 5 || !f[2].startsWith("cluster=") || !f[3].startsWith("generation=")
                        || !f[4].startsWith("nodes=")) {
                    throw new IllegalArgumentException("expected '<instant> <EVENT> cluster= generation= nodes='");
                }
                String nodes = f[4].substring("nodes=".length());
                return new Entry(Instant.parse(f[0]), Event.valueOf(f[1]), f[2].substring("cluster=".length()),
                        Long.parseLong(f[3].substring("generation=".length())), nodes.isEmpty() ? List.of()
                        : Arrays.stream(nodes.split(",")).map(Integer::valueOf).toList(), f.length > 5 ? f[5] : "");
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + " line " + number + ": " + e.getMessage() + ": " + line, e);
            }
        }
    }

    public static final String FILE = "stack-journal.log";
    private static final Logger log = LoggerFactory.getLogger(StackJournal.class);
    private final Path file;
    private final Clock clock;

    public StackJournal(Path stateDir, Clock clock) {
        this.file = stateDir.resolve(FILE);
        this.clock = clock;
    }

    /** Appends {@code event} for {@code config} (null: no configuration) at {@code generation}. */
    public synchronized void append(Event event, StackConfig config, long generation, String detail) {
        Entry entry = new Entry(clock.instant(), event, config == null ? "-" : config.clusterName(), generation,
                config == null ? List.of() : config.nodes().stream().map(StackConfig.Node::number).sorted().toList(),
                detail.replace('\n', ' '));
        try {
            Files.writeString(file, entry.line() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.DSYNC);
        } catch (IOException e) {
            log.warn("stack journal {} not written ({}): {}", file, e.toString(), entry.line());
        }
    }

    /** Every entry of the journal in {@code stateDir}, oldest first; a line that does not parse names its number. */
    public static List<Entry> read(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    entries.add(Entry.parse(lines.get(i), i + 1, file));
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
