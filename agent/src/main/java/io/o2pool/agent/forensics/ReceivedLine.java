package io.o2pool.agent.forensics;

import io.o2pool.agent.stack.kernel.KernelRecord;
import java.time.Instant;

/**
 * One kernel line a peer's netconsole sent to this agent, as stored: when it arrived (this agent's clock), which node
 * sent it and the raw line with its framing ({@code [  62.145210] text} or {@code 3,438,56807566,-;text}).
 */
public record ReceivedLine(Instant arrived, String node, String raw) {
    /** The line with its framing taken off. */
    public KernelRecord record() {
        return KernelRecord.parse(raw);
    }
}
