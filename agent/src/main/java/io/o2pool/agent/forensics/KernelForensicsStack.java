package io.o2pool.agent.forensics;

import io.o2pool.agent.api.FenceRecords;
import io.o2pool.agent.stack.ForwardingStack;
import io.o2pool.agent.stack.StackDriver;
import java.util.function.Supplier;

/**
 * The kernel stack driver with fence records: the kernel writes none, so {@link #fenceRecords} assembles one from
 * the kernel lines this agent has ({@link KernelFenceRecords}). Everything else is the wrapped driver's.
 */
public final class KernelForensicsStack extends ForwardingStack {
    private final Supplier<KernelFenceRecords> records;

    public KernelForensicsStack(StackDriver kernel, Supplier<KernelFenceRecords> records) {
        super(kernel);
        this.records = records;
    }

    @Override
    public FenceRecords fenceRecords(String node, int limit) {
        KernelFenceRecords r = records.get();
        return r == null ? super.fenceRecords(node, limit) : r.records(node);
    }
}
