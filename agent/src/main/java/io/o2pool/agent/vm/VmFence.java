package io.o2pool.agent.vm;

import io.o2pool.agent.api.VmStopResult;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the userspace stack's {@code stop} fence stops besides the cluster stack: every VM on this server, through
 * its {@link VmDriver}. A fenced node must stop writing to the shared storage before the survivors declare it dead
 * and recover its work, so the VMs get no graceful shutdown by default — they are forced off at once, as the
 * kernel's fence (an immediate reset) would leave them. Runs on the fence action's thread; thread-safe.
 */
public final class VmFence implements Runnable {
    /** Grace before forcing: none (process VMs get SIGTERM then SIGKILL at once; libvirt waits its minimum 1 s). */
    public static final Duration DEFAULT_GRACE = Duration.ZERO;
    private static final Logger log = LoggerFactory.getLogger(VmFence.class);

    private final String nodeName;
    private final VmDriver vms;
    private final Duration grace;
    private volatile VmStopResult lastResult;

    /** Stops {@code vms} of node {@code nodeName} with {@link #DEFAULT_GRACE}. */
    public VmFence(String nodeName, VmDriver vms) {
        this(nodeName, vms, DEFAULT_GRACE);
    }

    public VmFence(String nodeName, VmDriver vms, Duration grace) {
        this.nodeName = nodeName;
        this.vms = Objects.requireNonNull(vms, "vms");
        this.grace = Objects.requireNonNull(grace, "grace");
    }

    /** Stops every VM; a failure is logged (the node stays FENCED either way), never thrown. */
    @Override
    public void run() {
        log.error("node {} fenced itself: stopping every {} VM (grace {} ms)", nodeName, vms.name(), grace.toMillis());
        try {
            VmStopResult result = vms.stopAll(grace);
            lastResult = result;
            if (result.failed().isEmpty()) {
                log.error("node {} fenced: VMs stopped {}, forced off {}", nodeName, result.stopped(), result.forced());
            } else {
                log.error("node {} fenced: VMs stopped {}, forced off {}, STILL RUNNING {}; stop them by hand before "
                        + "the node rejoins", nodeName, result.stopped(), result.forced(), result.failed());
            }
        } catch (RuntimeException e) {
            log.error("node {} fenced: could not stop the {} VMs: {}; stop them by hand before the node rejoins",
                    nodeName, vms.name(), e.getMessage(), e);
        }
    }

    /** What the last fence stopped, or null before the first. */
    public VmStopResult lastResult() {
        return lastResult;
    }
}
