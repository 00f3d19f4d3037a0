package io.o2pool.agent.forensics;

import io.o2pool.agent.api.FenceRecords;
import io.o2pool.agent.api.StackOutcome;
import io.o2pool.agent.stack.ForwardingStack;
import io.o2pool.agent.stack.StackChange;
import io.o2pool.agent.stack.StackConfig;
import io.o2pool.agent.stack.StackDriver;
import java.util.function.Supplier;

/**
 * The kernel stack driver with forensics: at {@link #online} netconsole is pointed at the other members' agents
 * ({@link NetconsolePlan}, {@link NetconsoleTargets}) and at {@link #offline} taken down; the kernel writes no fence
 * records, so {@link #fenceRecords} assembles one from the kernel lines this agent has ({@link KernelFenceRecords}).
 * Everything else is the wrapped driver's.
 */
public final class KernelForensicsStack extends ForwardingStack {
    private final Supplier<KernelFenceRecords> records;
    private final java.util.function.Function<StackConfig, NetconsolePlan.Result> plan;
    private final NetconsoleTargets netconsole;

    /**
     * @param kernel     the kernel stack driver
     * @param records    the fence records it answers (set once the agent is built)
     * @param plan       the netconsole targets for a config (null: netconsole is not set up)
     * @param netconsole the configfs writer
     */
    public KernelForensicsStack(StackDriver kernel, Supplier<KernelFenceRecords> records,
            java.util.function.Function<StackConfig, NetconsolePlan.Result> plan, NetconsoleTargets netconsole) {
        super(kernel);
        this.records = records;
        this.plan = plan;
        this.netconsole = netconsole;
    }

    /** Brings the stack online, then points netconsole at the other members' agents; findings join the message. */
    @Override
    public StackChange online(StackConfig config) {
        StackChange change = super.online(config);
        if (plan == null || !(change.outcome() == StackOutcome.STARTED
                || change.outcome() == StackOutcome.ALREADY_ONLINE)) {
            return change;
        }
        NetconsolePlan.Result targets = plan.apply(config);
        java.util.List<String> findings = new java.util.ArrayList<>(targets.findings());
        netconsole.undo();
        findings.addAll(netconsole.apply(targets.targets()));
        String done = "netconsole to " + targets.targets().size() + " peer(s)";
        return new StackChange(change.outcome(), change.message() + "; " + done
                + (findings.isEmpty() ? "" : ": " + String.join("; ", findings)));
    }

    /** Takes netconsole down, then the stack. */
    @Override
    public StackChange offline(StackConfig config) {
        if (netconsole != null) {
            netconsole.undo();
        }
        return super.offline(config);
    }

    @Override
    public FenceRecords fenceRecords(String node, int limit) {
        KernelFenceRecords r = records.get();
        return r == null ? super.fenceRecords(node, limit) : r.records(node);
    }
}
