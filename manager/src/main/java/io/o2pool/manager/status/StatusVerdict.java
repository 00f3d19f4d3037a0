package io.o2pool.manager.status;

import io.o2pool.manager.model.ServerStatus;

/**
 * What the membership views say about one server: the status it should have and why (null reason for ACTIVE).
 *
 * @param status ACTIVE, UNREACHABLE, FENCED or ERROR
 * @param reason what was observed, naming the servers that observed it
 */
public record StatusVerdict(ServerStatus status, String reason) {
    /** The step name recorded with a status the monitor set, so it only ever undoes its own verdicts. */
    public static final String STEP = "membership";

    static StatusVerdict active() {
        return new StatusVerdict(ServerStatus.ACTIVE, null);
    }
}
