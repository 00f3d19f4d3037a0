package io.o2pool.agent.api;

import java.util.List;

/**
 * Body of {@code GET /v1/fence}: a node's fence records, newest first and bounded, read from the shared repository by
 * the stack driver.
 *
 * @param driver    {@code userspace} or {@code kernel}
 * @param node      whose records these are (this agent's node unless the request named another)
 * @param directory the folder the records were read from, or null when there is none
 * @param note      why the list is empty or incomplete (e.g. the kernel stack writes no records), else null
 * @param records   the records, newest first
 */
public record FenceRecords(String driver, String node, String directory, String note, List<FenceRecordInfo> records) {
    public FenceRecords {
        records = records == null ? List.of() : List.copyOf(records);
    }
}
