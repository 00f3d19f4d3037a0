package io.o2pool.agent.vm;

import io.o2pool.agent.api.VmInfo;
import io.o2pool.agent.api.VmStopResult;
import java.time.Duration;
import java.util.List;

/**
 * The VMs running on this server behind one interface ({@code libvirt} or {@code process}): enough for the seed's
 * "stop every running VM first" step before a cluster mode change. Implementations are thread-safe.
 */
public interface VmDriver {
    /** {@code libvirt} or {@code process}. */
    String name();

    /** The VMs running now. */
    List<VmInfo> list();

    /** Asks every running VM to shut down, forces off those still running after {@code timeout}, and reports which was which. */
    VmStopResult stopAll(Duration timeout);
}
