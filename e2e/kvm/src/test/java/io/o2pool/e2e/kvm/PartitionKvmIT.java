package io.o2pool.e2e.kvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * {@link PartitionScenario} on three guests of its own sharing one disk ({@code O2POOL_KVM_IT=PartitionKvmIT ./test
 * e2e-kvm}): for {0,1}|{2}, {0}|{1,2} and {0,2}|{1}, three kernel nodes and a kernel/o2pool mix fence the same nodes,
 * the ones the kernel's quorum rule names. Prints the table and the times.
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
                if (!scenario.rows().isEmpty()) {
                    System.out.println(scenario.table());
                    System.out.println(scenario.details());
                }
                System.out.println(t.table());
            }
            assertThat(scenario.rows()).hasSize(PartitionScenario.SHAPES.size());
            SoftAssertions soft = new SoftAssertions();
            for (PartitionScenario.Row r : scenario.rows()) {
                String shape = r.shape().label();
                soft.assertThat(r.kernel().decided()).as("%s kernel-only: every node decided", shape).isTrue();
                soft.assertThat(r.mixed().decided()).as("%s mixed: every node decided", shape).isTrue();
                soft.assertThat(r.kernel().fenced()).as("%s kernel-only fenced = quorum.c's rule (%s)", shape,
                        r.shape().rule()).isEqualTo(r.shape().expectedFenced());
                soft.assertThat(r.mixed().fenced()).as("%s mixed (o2pool node %d) fenced = kernel-only fenced", shape,
                        r.mixed().userNode()).isEqualTo(r.kernel().fenced());
            }
            soft.assertAll();
            System.out.println("[kvm] SCENARIO partitions: PASS: " + scenario.rows().size() + " shapes, kernel-only and"
                    + " mixed fence the same nodes");
        }
    }
}
