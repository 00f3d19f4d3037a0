package io.o2pool.cluster.fence;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Fences by restarting the host at once, the equivalent of the kernel's {@code emergency_restart()}
 * ({@code quorum.c: o2quo_fence_self}, fence method {@code reset}): {@code systemctl reboot --force --force}
 * (no service shutdown, no unmount). For real deployments only; runs as root.
 */
public final class RebootFenceAction implements FenceAction {
    /** The command that restarts the host immediately. */
    public static final List<String> REBOOT_COMMAND = List.of("systemctl", "reboot", "--force", "--force");

    private final CommandRunner runner;

    public RebootFenceAction(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public void fence(FenceRecord record) throws Exception {
        runner.run(REBOOT_COMMAND, Map.of(), Duration.ofSeconds(30));
    }
}
