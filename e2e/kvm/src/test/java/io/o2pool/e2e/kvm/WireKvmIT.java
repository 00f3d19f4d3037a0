package io.o2pool.e2e.kvm;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link WireScenario} alone, on four guests of its own (for working on it: {@code O2POOL_KVM_IT=WireKvmIT ./test
 * e2e-kvm}). {@code ./test e2e-kvm} runs the same scenario as the last one of {@link ManagerScenariosKvmIT}, on the
 * guests that IT already booted. The guests see the same disks in the same order as there: {@code /dev/vda} (here an
 * unused pad), {@code /dev/vdb} with 512-byte sectors and {@code /dev/vdc} with 4096-byte sectors, both shared.
 */
class WireKvmIT {
    @Test
    void anO2poolUserspaceNodeJoinsTwoKernelNodesOn512And4096ByteSectors() {
        Timings t = new Timings("wire");
        try (KvmHarness kvm = KvmHarness.create("wire", t)) {
            Path pad = kvm.newDisk("pad", 16);
            Path wire512 = kvm.newDisk("wire512", 512, 512);
            Path wire4k = kvm.newDisk("wire4k", 512, 4096);
            List<Guest> g = kvm.boot(new GuestSpec(0, "node0", pad, wire512, wire4k),
                    new GuestSpec(1, "node1", pad, wire512, wire4k), new GuestSpec(3, "node3", pad, wire512, wire4k),
                    new GuestSpec(4, "node4", pad, wire512, wire4k));
            WireScenario wire = new WireScenario(kvm, g.get(0), g.get(2), g.get(1), g.get(3), wire512, wire4k);
            try {
                wire.run();
            } catch (RuntimeException | Error failure) {
                wire.dumpLogs(g);
                throw failure;
            } finally {
                wire.stopUser(true);
                System.out.println(t.table());
            }
        }
    }
}
