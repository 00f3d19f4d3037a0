package io.o2pool.agent.testing;

import io.o2pool.agent.AgentMain;
import io.o2pool.agent.stack.NodeLauncher;
import java.nio.file.Path;
import java.util.List;

/**
 * A test-only agent entry point: {@code StallingAgentMain --stall-heartbeat-while FILE <agent options>} runs the agent
 * ({@link AgentMain#run(List, NodeLauncher)}) with its userspace node's heartbeat writes hanging while {@code FILE}
 * exists ({@link HeartbeatStall}), so fencing tests can make a real agent process fence itself for a heartbeat
 * write timeout. Production ({@code o2pool agent}) has no such hook.
 */
public final class StallingAgentMain {
    /** The option naming the trigger file; it must come first. */
    public static final String OPTION = "--stall-heartbeat-while";

    private StallingAgentMain() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || !args[0].equals(OPTION)) {
            System.err.println("usage: StallingAgentMain " + OPTION + " FILE <agent options>");
            System.exit(2);
        }
        Path trigger = Path.of(args[1]);
        List<String> agentArgs = List.of(args).subList(2, args.length);
        System.exit(AgentMain.run(agentArgs, NodeLauncher.withRegionIo(io -> new HeartbeatStall(io, trigger))));
    }

    /** The main class and leading arguments of a child JVM command line that stalls while {@code trigger} exists. */
    public static List<String> command(Path trigger) {
        return List.of(StallingAgentMain.class.getName(), OPTION, trigger.toString());
    }
}
