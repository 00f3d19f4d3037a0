package io.o2pool.cluster.fence;

import io.o2pool.cluster.quorum.QuorumVerdict.FenceRule;
import java.time.Instant;
import java.util.List;

/**
 * Why a node fenced itself, written to the shared repository before the fence action runs so survivors and
 * the manager can show it. Immutable; serialised as JSON by {@link FenceRecordStore}.
 *
 * @param time                  when the decision was taken (wall clock)
 * @param cluster               the cluster's name
 * @param node                  the fenced node's name
 * @param nodeNumber            the fenced node's number
 * @param rule                  which rule fired
 * @param message               the kernel's log text for the rule
 * @param heartbeating          nodes heartbeating (this one included) when deciding
 * @param connected             nodes connected (this one included) when deciding
 * @param lowestNode            the lowest heartbeating node
 * @param peersSeen             names of the peers this node saw heartbeating
 * @param peersConnected        names of the peers this node was connected to
 * @param lastWriteLatenciesMs  the latest heartbeat write latencies, oldest first
 * @param method                the fence method about to run
 */
public record FenceRecord(Instant time, String cluster, String node, int nodeNumber, FenceRule rule, String message,
        int heartbeating, int connected, int lowestNode, List<String> peersSeen, List<String> peersConnected,
        List<Long> lastWriteLatenciesMs, FenceMethod method) {

    public FenceRecord {
        peersSeen = List.copyOf(peersSeen);
        peersConnected = List.copyOf(peersConnected);
        lastWriteLatenciesMs = List.copyOf(lastWriteLatenciesMs);
    }
}
