package io.o2pool.agent.stack;

import io.o2pool.agent.api.FenceRecordInfo;
import io.o2pool.agent.api.FenceRecords;
import io.o2pool.cluster.fence.FenceRecord;
import io.o2pool.cluster.fence.FenceRecordStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One node's fence records as {@code GET /v1/fence} serves them: read from the {@link FenceRecordStore} beside the
 * heartbeat region in the shared repository (every node of the cluster writes there, so a survivor can read a peer's
 * records too), filtered to the node, newest first, at most {@code limit}. Stateless; reads the folder on each call.
 */
public final class FenceHistory {
    /** The most records one answer carries. */
    public static final int MAX_LIMIT = 100;

    private FenceHistory() {
    }

    /**
     * The records of {@code node} in {@code regionDir}'s {@code fence/} folder, newest first, at most {@code limit};
     * fails with an {@link UncheckedIOException} naming the folder when it cannot be read.
     */
    public static FenceRecords read(String driver, Path regionDir, String node, int limit) {
        FenceRecordStore store = new FenceRecordStore(regionDir);
        List<FenceRecord> all;
        try {
            all = store.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException("node " + node + ": cannot read the fence records in " + store.dir() + ": "
                    + e.getMessage(), e);
        }
        List<FenceRecordInfo> records = all.stream().filter(r -> r.node().equalsIgnoreCase(node))
                .sorted(Comparator.comparing(FenceRecord::time).reversed()).limit(Math.max(0, limit))
                .map(FenceHistory::info).toList();
        return new FenceRecords(driver, node, store.dir().toString(), null, records);
    }

    /** No records, and why. */
    public static FenceRecords none(String driver, String node, String note) {
        return new FenceRecords(driver, node, null, note, List.of());
    }

    static FenceRecordInfo info(FenceRecord r) {
        return new FenceRecordInfo(r.time(), r.cluster(), r.node(), r.nodeNumber(), r.rule().name(), r.message(),
                r.heartbeating(), r.connected(), r.lowestNode(), r.peersSeen(), r.peersConnected(),
                r.lastWriteLatenciesMs(), r.method().name().toLowerCase(Locale.ROOT));
    }
}
