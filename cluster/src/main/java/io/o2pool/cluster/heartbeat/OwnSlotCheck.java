package io.o2pool.cluster.heartbeat;

/**
 * Compares our slot on disk with what we wrote last ({@code heartbeat.c: o2hb_check_own_slot}) to catch
 * another node heartbeating in our slot or a device that loses writes. Anything but {@link #OK} means the
 * write timeout is not re-armed this iteration, so a persistent problem fences this node. Pure.
 */
public enum OwnSlotCheck {
    /** The slot holds our last block: re-arm the write timeout. */
    OK(null),
    /** Nothing written yet ({@code ds_last_time} is 0): not OK, but nothing to report. */
    FIRST_TIMESTAMP(null),
    /** Another node number is in our slot. */
    ANOTHER_NODE("Another node is heartbeating on device"),
    /** Our node number with another generation: a second writer configured with our number. */
    GENERATION_MISMATCH("Heartbeat generation mismatch on device"),
    /** Our generation with another sequence: a lost or foreign write. */
    SEQUENCE_MISMATCH("Heartbeat sequence mismatch on device");

    private final String kernelText;

    OwnSlotCheck(String kernelText) {
        this.kernelText = kernelText;
    }

    /** The kernel's ERRSTR for this outcome, or null for OK / first timestamp. */
    public String kernelText() {
        return kernelText;
    }

    /**
     * Judges the on-disk block against what this node last wrote ({@code lastSeq}/{@code lastGeneration}
     * of our slot as the liveness tracker recorded them).
     */
    public static OwnSlotCheck judge(int ownNode, long lastSeq, long lastGeneration, HeartbeatBlock onDisk) {
        if (lastSeq == 0) {
            return FIRST_TIMESTAMP;
        }
        if (onDisk.seq() == lastSeq && onDisk.generation() == lastGeneration && onDisk.node() == ownNode) {
            return OK;
        }
        if (onDisk.node() != ownNode) {
            return ANOTHER_NODE;
        }
        if (onDisk.generation() != lastGeneration) {
            return GENERATION_MISMATCH;
        }
        return SEQUENCE_MISMATCH;
    }

    /** The kernel's log line: {@code "%s (%pg): expected(%u:0x%llx, 0x%llx), ondisk(%u:0x%llx, 0x%llx)"}. */
    public String message(String device, int ownNode, long lastSeq, long lastGeneration, HeartbeatBlock onDisk) {
        return String.format("%s (%s): expected(%d:0x%x, 0x%x), ondisk(%d:0x%x, 0x%x)", kernelText, device, ownNode,
                lastGeneration, lastSeq, onDisk.node(), onDisk.generation(), onDisk.seq());
    }
}
