package io.o2pool.agent.api;

import java.util.List;

/**
 * Body of {@code GET /v1/vms/events?after=SEQ&waitMs=N}: the events with {@code seq > after}, oldest first, at most
 * {@value #MAX_EVENTS}; answered at once when there are some, else after the first one or {@code waitMs} (a long poll).
 *
 * @param stream  an id of this agent process's event numbering: when it differs from the one a caller saw before, the
 *                agent restarted and numbering began again at 1, so ask again with {@code after=0}
 * @param lastSeq the highest seq recorded so far (ask next with {@code after=lastSeq} when {@code events} is empty)
 * @param gap     true when events after {@code after} were dropped (only the newest {@value #KEPT} are kept)
 */
public record VmEventPage(String stream, long lastSeq, boolean gap, List<VmEvent> events) {
    public static final int MAX_EVENTS = 500;
    public static final int KEPT = 10_000;

    public VmEventPage {
        events = List.copyOf(events);
    }
}
