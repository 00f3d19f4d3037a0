package io.o2pool.agent.forensics;

import io.o2pool.agent.api.FenceRecordInfo;
import io.o2pool.agent.api.FenceRecords;
import io.o2pool.agent.api.KernelFenceInfo;
import io.o2pool.agent.stack.StackConfig;
import io.o2pool.agent.stack.kernel.KernelRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The kernel stack's answer to {@code GET /v1/fence?node=NAME}: one record assembled ({@link KernelFenceAssembly}),
 * given only when at least one line of {@code NAME} itself is among them (the survivors' eviction lines alone do not
 * tell a fence from a power loss, and the manager takes a record as proof of a fence), from what this agent has — the lines {@code NAME} sent here over netconsole (the last episode: the two minutes up to
 * its newest fence line), this node's own kernel log ({@code --kernel-log}: the survivor's eviction lines), and, when
 * {@code NAME} is this node after its reboot, the previous boot's ramoops dumps in {@code --pstore}
 * ({@code dmesg-ramoops-*}).
 */
public final class KernelFenceRecords {
    static final Duration EPISODE = Duration.ofMinutes(2);

    private final String self;
    private final KernelLogStore received;
    private final Supplier<List<String>> ownKernelLog;
    private final Path pstore;
    private final Supplier<Optional<StackConfig>> live;
    private final Supplier<Optional<Instant>> bootTime;

    /**
     * @param self         this node's name
     * @param received     the peers' netconsole lines kept here
     * @param ownKernelLog this node's kernel log, one record a line (dmesg --raw, /dev/kmsg or a test file)
     * @param pstore       the pstore mount ({@code /sys/fs/pstore})
     * @param live         the live cluster config (node numbers, cluster name)
     * @param bootTime     when this node booted ({@code btime} of {@code /proc/stat}), to date its eviction lines
     */
    public KernelFenceRecords(String self, KernelLogStore received, Supplier<List<String>> ownKernelLog, Path pstore,
            Supplier<Optional<StackConfig>> live, Supplier<Optional<Instant>> bootTime) {
        this.bootTime = bootTime;
        this.self = self;
        this.received = received;
        this.ownKernelLog = ownKernelLog;
        this.pstore = pstore;
        this.live = live;
    }

    /** The records of {@code node} (at most one: its last fence), with a note when there is none. */
    public FenceRecords records(String node) {
        Optional<StackConfig> config = live.get();
        Optional<StackConfig.Node> member = config.flatMap(c -> c.node(node));
        if (member.isEmpty()) {
            return new FenceRecords("kernel", node, null, node + " is not a node of the live cluster config of "
                    + self + "; ask an agent of its cluster", List.of());
        }
        List<KernelFenceAssembly.Source> sources = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try {
            List<ReceivedLine> lines = episode(received.read(node, null));
            if (!lines.isEmpty()) {
                sources.add(new KernelFenceAssembly.Source(KernelFenceLine.Origin.NETCONSOLE, node, self,
                        lines.getLast().arrived(), lines.stream().map(ReceivedLine::record).toList()));
            }
        } catch (IOException e) {
            notes.add("netconsole lines not read: " + e.getMessage());
        }
        if (node.equals(self)) {
            sources.addAll(ramoops(node, notes));
        } else {
            try {
                sources.add(new KernelFenceAssembly.Source(KernelFenceLine.Origin.SURVIVOR, self, null, null,
                        bootTime.get().orElse(null), ownKernelLog.get().stream().map(KernelRecord::parse).toList()));
            } catch (RuntimeException e) {
                notes.add("own kernel log not read: " + e.getMessage());
            }
        }
        Optional<KernelFenceRecord> r = KernelFenceAssembly.assemble(config.get().clusterName(), node,
                member.get().number(), sources);
        String note = notes.isEmpty() ? null : String.join("; ", notes);
        if (r.isEmpty()) {
            return new FenceRecords("kernel", node, null, note != null ? note : "no kernel line about a fence of "
                    + node + " reached " + self + " (netconsole from " + node + ", or " + self
                    + "'s own eviction lines)", List.of());
        }
        if (r.get().lines().stream().allMatch(l -> l.origin() == KernelFenceLine.Origin.SURVIVOR)) {
            // an eviction alone is no fence: a node that lost power or was killed is evicted the same way
            return new FenceRecords("kernel", node, null, self + " evicted " + node + " (" + r.get().lines().size()
                    + " kernel lines) but no line of " + node + " itself reached " + self + " (netconsole) to say it"
                    + " fenced itself; with netconsole set up its last lines would be here", List.of());
        }
        return new FenceRecords("kernel", node, null, note, List.of(info(r.get())));
    }

    /** {@code btime} of a {@code /proc/stat} file: when the node booted; empty when unreadable. */
    public static Optional<Instant> bootTime(Path procStat) {
        try (Stream<String> lines = Files.lines(procStat)) {
            return lines.filter(l -> l.startsWith("btime ")).findFirst()
                    .map(l -> Instant.ofEpochSecond(Long.parseLong(l.substring(6).trim())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The fence record in the API's form. */
    public static FenceRecordInfo info(KernelFenceRecord r) {
        return new FenceRecordInfo(r.time(), r.cluster(), r.node(), r.nodeNumber(), r.rule(), r.message(),
                r.heartbeating(), r.connected(), r.lowestNode(), r.peersSeen(), r.peersConnected(), List.of(),
                r.method(), new KernelFenceInfo(r.fencedNodeSource(), r.writeTimeoutMs(), r.warningBeforeFenceMs(),
                        r.evictionMs(), r.lines().stream().map(l -> new KernelFenceInfo.Line(l.origin().name(),
                                l.node(), l.via(), l.uptimeUs(), l.level(), l.text())).toList()));
    }

    /** The lines of the last episode: up to two minutes before the newest fence line (or the newest line). */
    static List<ReceivedLine> episode(List<ReceivedLine> lines) {
        if (lines.isEmpty()) {
            return lines;
        }
        Instant end = lines.stream().filter(l -> l.record().message()
                .filter(m -> m instanceof io.o2pool.agent.stack.kernel.O2cbLine.FenceSelf).isPresent())
                .map(ReceivedLine::arrived).reduce((a, b) -> b).orElse(lines.getLast().arrived());
        Instant start = end.minus(EPISODE);
        return lines.stream().filter(l -> !l.arrived().isBefore(start) && !l.arrived().isAfter(end.plusSeconds(5)))
                .toList();
    }

    private List<KernelFenceAssembly.Source> ramoops(String node, List<String> notes) {
        if (!Files.isDirectory(pstore)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(pstore)) {
            List<KernelFenceAssembly.Source> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("dmesg-ramoops-")).sorted()
                    .toList()) {
                out.add(new KernelFenceAssembly.Source(KernelFenceLine.Origin.RAMOOPS, node, null,
                        Files.getLastModifiedTime(f).toInstant(),
                        Files.readAllLines(f).stream().map(KernelRecord::parse).toList()));
            }
            return out;
        } catch (IOException e) {
            notes.add("ramoops in " + pstore + " not read: " + e.getMessage());
            return List.of();
        }
    }
}
