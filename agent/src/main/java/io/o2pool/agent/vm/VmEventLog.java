package io.o2pool.agent.vm;

import io.o2pool.agent.api.VmEvent;
import io.o2pool.agent.api.VmEventPage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * The VM events of this agent process, numbered 1, 2, … under one random stream id, the newest
 * {@value VmEventPage#KEPT} kept, for {@code GET /v1/vms/events?after=SEQ&waitMs=N} long polls. Thread-safe.
 */
public final class VmEventLog {
    private final String stream = UUID.randomUUID().toString();
    private final Deque<VmEvent> events = new ArrayDeque<>();
    private long lastSeq;

    /** Appends an event from {@code node}, numbering it; wakes the waiting polls. */
    public synchronized VmEvent append(String node, DomainEvent e) {
        VmEvent event = new VmEvent(++lastSeq, e.time(), node, e.vm(), e.type(), e.detail());
        events.addLast(event);
        while (events.size() > VmEventPage.KEPT) {
            events.removeFirst();
        }
        notifyAll();
        return event;
    }

    /** The events after {@code after}, waiting at most {@code wait} for the first when there is none yet. */
    public synchronized VmEventPage page(long after, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (lastSeq <= after && after >= 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000)); // a long poll's wait, not a decision
        }
        List<VmEvent> page = new ArrayList<>();
        boolean gap = !events.isEmpty() && events.peekFirst().seq() > after + 1 && after < lastSeq;
        for (VmEvent e : events) {
            if (e.seq() > after && page.size() < VmEventPage.MAX_EVENTS) {
                page.add(e);
            }
        }
        return new VmEventPage(stream, lastSeq, gap, page);
    }

    /** All kept events (tests, logs). */
    public synchronized List<VmEvent> all() {
        return List.copyOf(events);
    }
}
