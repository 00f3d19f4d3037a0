package io.o2pool.agent.api;

import java.util.List;

/** Body answered by {@code POST /v1/vms/stop-all}: VMs that stopped gracefully, those that had to be forced, and the failures. */
public record VmStopResult(List<String> stopped, List<String> forced, List<String> failed) {
    public VmStopResult {
        stopped = List.copyOf(stopped);
        forced = List.copyOf(forced);
        failed = List.copyOf(failed);
    }
}
