package io.o2pool.e2e.kvm;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PartitionScenario} alone, on three guests of its own sharing one disk ({@code O2POOL_KVM_IT=PartitionKvmIT
 * ./test e2e-kvm}): for {0,1}|{2}, {0}|{1,2} and {0,2}|{1}, three kernel nodes and a kernel/o2pool mix fence the same
 * nodes, the ones the kernel's quorum rule names. Prints the table and the times. {@code ./test e2e-kvm} runs the same
 * scenario as the last one of {@link ManagerScenariosKvmIT}, on the guests that IT already booted.
 */
class PartitionKvmIT {
    @Test
    void kernelOnlyAndMixedClustersFenceTheSameNodesForEachPartition() {
        Timings t = new Timings("partition");
        try (KvmHarness kvm = KvmHarness.create("partition", t)) {
            Path shared = kvm.newDisk("shared", 512);
            List<Guest> g = kvm.boot(new GuestSpec(0, "node0", shared), new GuestSpec(1, "node1", shared),
                    new GuestSpec(2, "node2", shared));
            PartitionScenario scenario = new PartitionScenario(kvm, g);
            try {
                scenario.run();
            } catch (RuntimeException | Error failure) {
                scenario.dumpLogs();
                throw failure;
            } finally {
                scenario.stopUser();
                scenario.printResults();
                System.out.println(t.table());
            }
            scenario.assertTheKernelsRuleHeld();
        }
    }
}
