package io.o2pool.agent.stack.kernel;

import java.util.List;

/**
 * One o2cb kernel message (o2hb, o2net, o2quo, o2dlm, ocfs2), typed, as {@link O2cbLines} reads it from the text of a
 * record. The formats are the kernel's own ({@code fs/ocfs2/cluster/heartbeat.c}, {@code tcp.c}, {@code quorum.c},
 * {@code dlm/dlmdomain.c}, {@code dlm/dlmrecovery.c}, {@code journal.c}); durations are in milliseconds.
 */
public sealed interface O2cbLine {

    /** Where the message belongs in a fence's story. */
    enum Role {
        /** The fencing node's own warning before the fence ({@code hb write hung}, o2hbmonitor). */
        WARNING,
        /** The fencing node's last words: the write timeout, stopping heartbeat, the reset or panic. */
        FENCE,
        /** A survivor's view of the eviction: o2net disconnects, o2dlm eviction, recovery, journal replay. */
        EVICTION,
        /** Connections and quorum decisions outside a fence. */
        NETWORK,
        /** A kernel fault reported on the way (BUG, hung task). */
        FAULT
    }

    /** Its role in a fence record. */
    Role role();

    /** {@code o2hb: node N hb write hung for Ss on region R (dev)[, negotiate timeout with node M].} — [5] */
    record HbWriteHung(int node, int seconds, String region, String device, Integer master) implements O2cbLine {
        public Role role() {
            return Role.WARNING;
        }
    }

    /** {@code o2hb: receive negotiate timeout message from node N on region R (dev).} — [5], on the lowest node */
    record NegoTimeoutReceived(int node, String region, String device) implements O2cbLine {
        public Role role() {
            return Role.WARNING;
        }
    }

    /** {@code o2hb: all nodes hb write hung, maybe region R (dev) is down.} or {@code negotiate timeout approved ...} */
    record NegoApproved(boolean master, String region, String device) implements O2cbLine {
        public Role role() {
            return Role.WARNING;
        }
    }

    /** {@code o2hbmonitor: Last ping MS msecs ago on /dev/DEV, REGION} — user space, no timestamp */
    record HbMonitorPing(long msSinceLastPing, String device, String region) implements O2cbLine {
        public Role role() {
            return Role.WARNING;
        }
    }

    /** {@code ...:o2hb_write_timeout:L ERROR: Heartbeat write timeout to device DEV after MS milliseconds} — [3] */
    record HbWriteTimeout(String device, long elapsedMs) implements O2cbLine {
        public Role role() {
            return Role.FENCE;
        }
    }

    /** {@code ...:o2hb_stop_all_regions:L ERROR: stopping heartbeat on all active regions.} — [3] */
    record HbStopAllRegions() implements O2cbLine {
        public Role role() {
            return Role.FENCE;
        }
    }

    /**
     * {@code *** ocfs2 is very sorry to be fencing this system by restarting ***} [3] ({@code reset}) or
     * {@code Kernel panic - not syncing: *** ocfs2 is very sorry to be fencing this system by panicing ***} [0].
     */
    record FenceSelf(String method) implements O2cbLine {
        public Role role() {
            return Role.FENCE;
        }
    }

    /**
     * {@code ...:o2quo_make_decision:L} lines: {@code fencing} with the rule ({@code QUORUM_MINORITY},
     * {@code QUORUM_HALF_WITHOUT_LOWEST}) or {@code not fencing this node, heartbeating: H, connected: C, lowest: L
     * ([un]reachable)}; the counts a line does not print are null.
     */
    record QuorumDecision(boolean fencing, String rule, Integer heartbeating, Integer connected, Integer quorum,
            Integer lowest, Boolean lowestReachable) implements O2cbLine {
        public Role role() {
            return fencing ? Role.FENCE : Role.NETWORK;
        }
    }

    /** {@code o2net: Connection to node NAME (num N) at IP:PORT has been idle for S.MS secs.} — [5] */
    record NetIdle(String name, int num, String address, long idleMs) implements O2cbLine {
        public Role role() {
            return Role.EVICTION;
        }
    }

    /** {@code o2net: No longer connected to node NAME (num N) at IP:PORT} — [5] */
    record NetDisconnected(String name, int num, String address) implements O2cbLine {
        public Role role() {
            return Role.EVICTION;
        }
    }

    /** {@code o2net: Connection to node NAME (num N) at IP:PORT shutdown, state K} */
    record NetShutdown(String name, int num, String address, int state) implements O2cbLine {
        public Role role() {
            return Role.NETWORK;
        }
    }

    /** {@code o2net: No connection established with node N after S.MS seconds, check network and cluster configuration.} */
    record NetNoConnection(int num, long afterMs) implements O2cbLine {
        public Role role() {
            return Role.NETWORK;
        }
    }

    /** {@code o2net: Connected to node NAME (num N) at IP:PORT} or {@code o2net: Accepted connection from node ...} */
    record NetConnected(String name, int num, String address, boolean accepted) implements O2cbLine {
        public Role role() {
            return Role.NETWORK;
        }
    }

    /** {@code ...:o2net_sendpage:L ERROR: sendpage of size B to node NAME (num N) at IP:PORT failed with -E} */
    record NetSendFailed(int bytes, String name, int num, String address, int errno) implements O2cbLine {
        public Role role() {
            return Role.NETWORK;
        }
    }

    /** {@code o2cb: o2dlm has evicted node N from domain UUID} — [5] */
    record DlmEvicted(int node, String domain) implements O2cbLine {
        public Role role() {
            return Role.EVICTION;
        }
    }

    /** {@code o2dlm: Waiting on the recovery of node N in domain UUID} — [5] */
    record DlmWaitingRecovery(int node, String domain) implements O2cbLine {
        public Role role() {
            return Role.EVICTION;
        }
    }

    /** {@code o2dlm: Begin recovery on domain UUID for node N} — [5] */
    record DlmBeginRecovery(String domain, int node) implements O2cbLine {
        public Role role() {
            return Role.EVICTION;
        }
    }

    /** {@code o2dlm: Node M (me|he) is the Recovery Master for the dead node N in domain UUID} — [5] */
    record DlmRecoveryMaster(int master, boolean me, int deadNode, String domain) implements O2cbLine {
        public Role role() {
            return Role.EVICTION;
        }
    }

    /** {@code o2dlm: End recovery on domain UUID} — [5] */
    record DlmEndRecovery(String domain) implements O2cbLine {
        public Role role() {
            return Role.EVICTION;
        }
    }

    /** {@code ocfs2: Begin|End replay journal (node N, slot S) on device (MAJ,MIN)} — [5] */
    record JournalReplay(boolean begin, int node, int slot, int major, int minor) implements O2cbLine {
        public Role role() {
            return Role.EVICTION;
        }
    }

    /**
     * {@code o2dlm: Joining domain UUID ( 0 1 ) 2 nodes}, {@code o2dlm: Node N joins domain UUID ( .. ) K nodes} or
     * {@code o2dlm: Node N leaves domain UUID ( .. ) K nodes}: printed in {@code KERN_CONT} pieces that arrive as
     * separate records ({@link KernelLog#assemble} joins them); {@code node} is null for this node's own join.
     */
    record DlmDomainMembers(Change change, Integer node, String domain, List<Integer> members) implements O2cbLine {
        /** Which membership change of the domain. */
        public enum Change {
            /** This node joined. */
            JOINING,
            /** Another node joined. */
            JOINS,
            /** A node left cleanly. */
            LEAVES
        }

        public DlmDomainMembers {
            members = List.copyOf(members);
        }

        public Role role() {
            return Role.NETWORK;
        }
    }

    /** {@code kernel BUG at FILE:LINE!} */
    record KernelBug(String file, int line) implements O2cbLine {
        public Role role() {
            return Role.FAULT;
        }
    }

    /** {@code INFO: task COMM:PID blocked for more than S seconds.} */
    record TaskBlocked(String comm, int pid, int seconds) implements O2cbLine {
        public Role role() {
            return Role.FAULT;
        }
    }
}
