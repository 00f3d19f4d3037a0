package io.o2pool.agent.forensics;

import io.o2pool.agent.stack.kernel.KernelLog;
import io.o2pool.agent.stack.kernel.KernelRecord;
import io.o2pool.agent.stack.kernel.O2cbLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Assembles one {@link KernelFenceRecord} from the fenced node's last kernel lines (netconsole, received by a peer;
 * ramoops, read after its reboot) and its survivors' own lines about the eviction. Lines of the fenced node count
 * when they are o2hb warnings, the write timeout, the quorum decision or the fence line; a survivor's lines count
 * when they name the fenced node's number (o2net idle/disconnect, o2dlm eviction, recovery, journal replay, the
 * negotiate message) or end a recovery it began, and only those after its last o2net connection with the node (a
 * survivor's log keeps the node's earlier departures too). Pure: the callers read the lines.
 */
public final class KernelFenceAssembly {

    /**
     * The lines of one source.
     *
     * @param origin  how they came
     * @param node    whose kernel printed them
     * @param via     the receiving peer for netconsole, else null
     * @param arrived when the source's newest line arrived (netconsole) or was read, or null
     * @param boot    when {@code node} booted (its wall clock), to date its printk times; null when unknown
     * @param records the lines, oldest first
     */
    public record Source(KernelFenceLine.Origin origin, String node, String via, Instant arrived, Instant boot,
            List<KernelRecord> records) {
        public Source {
            records = List.copyOf(records);
        }

        /** A source whose boot time is unknown. */
        public Source(KernelFenceLine.Origin origin, String node, String via, Instant arrived,
                List<KernelRecord> records) {
            this(origin, node, via, arrived, null, records);
        }
    }

    private KernelFenceAssembly() {
    }

    /** The record for {@code node} (number {@code number}), or empty when no source holds a line about its fence. */
    public static Optional<KernelFenceRecord> assemble(String cluster, String node, int number, List<Source> sources) {
        List<KernelFenceLine> own = new ArrayList<>();
        List<O2cbLine> ownMessages = new ArrayList<>();
        List<Long> ownTimes = new ArrayList<>();
        Instant fenceArrived = null;
        Set<String> dedup = new LinkedHashSet<>();
        for (Source s : sources) {
            if (s.origin() == KernelFenceLine.Origin.SURVIVOR) {
                continue;
            }
            for (KernelRecord r : KernelLog.assemble(s.records())) {
                Optional<O2cbLine> m = r.message();
                if (m.isEmpty() || !fencedNodeLine(m.get())) {
                    continue;
                }
                if (!dedup.add(r.uptimeUs() + " " + r.text())) {
                    continue; // the same line from a second receiver or from ramoops as well
                }
                own.add(new KernelFenceLine(s.origin(), node, s.via(), r.uptimeUs(), r.level(), r.text()));
                ownMessages.add(m.get());
                ownTimes.add(r.uptimeUs());
                if (m.get() instanceof O2cbLine.FenceSelf && s.arrived() != null) {
                    fenceArrived = s.arrived();
                }
            }
        }
        List<KernelFenceLine> survivorLines = new ArrayList<>();
        Map<String, List<Long>> evictionTimes = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        Set<String> connected = new LinkedHashSet<>();
        Instant evictedArrived = null;
        for (Source s : sources) {
            if (s.origin() != KernelFenceLine.Origin.SURVIVOR) {
                continue;
            }
            boolean recovering = false;
            for (KernelRecord r : sinceLastConnection(KernelLog.assemble(s.records()), number)) {
                Optional<O2cbLine> m = r.message();
                if (m.isEmpty()) {
                    continue;
                }
                O2cbLine line = m.get();
                boolean about = aboutNode(line, number);
                if (line instanceof O2cbLine.DlmBeginRecovery b && b.node() == number) {
                    recovering = true;
                }
                if (!about && !(recovering && line instanceof O2cbLine.DlmEndRecovery)) {
                    continue;
                }
                if (line instanceof O2cbLine.DlmEndRecovery) {
                    recovering = false;
                }
                survivorLines.add(new KernelFenceLine(s.origin(), s.node(), null, r.uptimeUs(), r.level(), r.text()));
                if (line instanceof O2cbLine.DlmEvicted) {
                    seen.add(s.node());
                    Instant at = s.boot() != null && r.uptimeUs() != null
                            ? s.boot().plusNanos(r.uptimeUs() * 1000) : s.arrived();
                    evictedArrived = evictedArrived == null ? at : evictedArrived;
                }
                if (line instanceof O2cbLine.NetDisconnected) {
                    connected.add(s.node());
                }
                if (line.role() == O2cbLine.Role.EVICTION && !(line instanceof O2cbLine.NetIdle)
                        && r.uptimeUs() != null) {
                    evictionTimes.computeIfAbsent(s.node(), k -> new ArrayList<>()).add(r.uptimeUs());
                }
            }
        }
        if (own.isEmpty() && survivorLines.isEmpty()) {
            return Optional.empty();
        }

        String rule = "UNKNOWN";
        String message = own.isEmpty()
                ? "no line of " + node + " was received (netconsole not set up, or its lines were lost); the"
                        + " survivors' lines show the eviction only"
                : "the lines of " + node + " name no rule";
        int heartbeating = seen.isEmpty() ? -1 : seen.size() + 1;
        int conn = connected.isEmpty() ? -1 : connected.size() + 1;
        int lowest = -1;
        String method = null;
        Long timeoutMs = null;
        Long firstWarningUs = null;
        Long fenceUs = null;
        String hungLine = null;
        for (int i = 0; i < ownMessages.size(); i++) {
            O2cbLine m = ownMessages.get(i);
            Long t = ownTimes.get(i);
            switch (m) {
                case O2cbLine.HbWriteTimeout w -> {
                    rule = "WRITE_TIMEOUT";
                    message = own.get(i).text();
                    timeoutMs = w.elapsedMs();
                }
                case O2cbLine.QuorumDecision q when q.fencing() -> {
                    rule = q.rule();
                    message = own.get(i).text();
                    heartbeating = q.heartbeating() == null ? heartbeating : q.heartbeating();
                    conn = q.connected() == null ? conn : q.connected();
                    lowest = q.lowest() == null ? lowest : q.lowest();
                }
                case O2cbLine.HbWriteHung h -> {
                    lowest = lowest >= 0 ? lowest : h.master() == null ? h.node() : h.master();
                    firstWarningUs = firstWarningUs == null ? t : firstWarningUs;
                    hungLine = hungLine == null ? own.get(i).text() : hungLine;
                }
                case O2cbLine.FenceSelf f -> {
                    method = f.method();
                    fenceUs = t;
                }
                default -> {
                }
            }
        }
        if (rule.equals("UNKNOWN") && hungLine != null && !survivorLines.isEmpty()) {
            // the rule line and the fence line leave within a millisecond of the reset and can be lost with it
            rule = "WRITE_TIMEOUT";
            message = "inferred: no rule line of " + node + " arrived (its last lines are sent within a millisecond"
                    + " of the reset and can be lost with it); it reported its heartbeat write hung (" + hungLine
                    + ") and was then evicted by its peers";
        }
        Long warning = firstWarningUs != null && fenceUs != null ? (fenceUs - firstWarningUs) / 1000 : null;
        List<String> eviction = evictionTimes.entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue().getLast() - e.getValue().getFirst()) / 1000).toList();
        List<KernelFenceLine> lines = new ArrayList<>(own);
        lines.addAll(survivorLines);
        Instant time = fenceArrived != null ? fenceArrived : evictedArrived;
        if (time == null) {
            time = sources.stream().map(Source::arrived).filter(java.util.Objects::nonNull).max(Instant::compareTo)
                    .orElse(Instant.EPOCH);
        }
        return Optional.of(new KernelFenceRecord(time, cluster, node,
                number, rule, message, heartbeating, conn, lowest, List.copyOf(seen), List.copyOf(connected), method,
                timeoutMs, warning, eviction, lines));
    }

    /**
     * A survivor's records after its last o2net connection with node {@code number} ({@code Connected to} /
     * {@code Accepted connection from}): the node's present membership. The survivor's log holds every earlier one as
     * well — a clean leave (unmount, maintenance) logs {@code No longer connected} too — and those are not this fence.
     * All of them when no connection line is left (the log rotated, or the node never connected).
     */
    static List<KernelRecord> sinceLastConnection(List<KernelRecord> records, int number) {
        for (int i = records.size() - 1; i >= 0; i--) {
            if (records.get(i).message().filter(m -> m instanceof O2cbLine.NetConnected c && c.num() == number)
                    .isPresent()) {
                return records.subList(i + 1, records.size());
            }
        }
        return records;
    }

    private static boolean fencedNodeLine(O2cbLine m) {
        return m.role() == O2cbLine.Role.FENCE || m.role() == O2cbLine.Role.WARNING
                || m instanceof O2cbLine.QuorumDecision;
    }

    private static boolean aboutNode(O2cbLine m, int number) {
        return switch (m) {
            case O2cbLine.NegoTimeoutReceived n -> n.node() == number;
            case O2cbLine.NetIdle n -> n.num() == number;
            case O2cbLine.NetDisconnected n -> n.num() == number;
            case O2cbLine.DlmEvicted n -> n.node() == number;
            case O2cbLine.DlmWaitingRecovery n -> n.node() == number;
            case O2cbLine.DlmBeginRecovery n -> n.node() == number;
            case O2cbLine.DlmRecoveryMaster n -> n.deadNode() == number;
            case O2cbLine.JournalReplay n -> n.node() == number;
            default -> false;
        };
    }
}
