package io.o2pool.manager.addserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.TestPools;
import io.o2pool.manager.agents.FakeAgent;
import io.o2pool.manager.agents.FakeFleet;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.JobStatus;
import io.o2pool.manager.model.JobStep;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.ServerStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fifth server of a four-slot volume: refused in preflight with the fix; with grow slots the job unmounts the
 * volume on every member, raises its slots (the fake refuses while any node has it mounted, as tunefs.ocfs2 -N
 * does), mounts it again, and adds the server; a member running VMs refuses the grow.
 */
class GrowSlotsJobTest {
    @TempDir
    Path dir;
    TestPools t;
    FakeFleet fleet = new FakeFleet();
    Pool pool;

    @BeforeEach
    void fourMembersOnAFourSlotVolume() {
        t = new TestPools(dir);
        t.engine(fleet);
        pool = t.pool("pool1");
        fleet.volumeSlots(4);
        t.activeMembers(fleet, pool, 4);
        fleet.add("127.0.1.5", "vm-host05");
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    private FakeAgent agent(int i) {
        return fleet.at("127.0.1." + i);
    }

    @Test
    void theFifthServerIsRefusedInPreflightWithTheFix() {
        Job job = t.add(pool, "127.0.1.5", "srv5");
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorStep()).isEqualTo("preflight");
        assertThat(job.errorMessage()).contains("repository.slots", "has 4 node slots", "would have 5 nodes",
                "--grow-slots", "tunefs.ocfs2 -N 5");
        assertThat(fleet.volumeSlots()).isEqualTo(4);
        assertThat(agent(1).attached()).isTrue();
    }

    @Test
    void withGrowSlotsTheVolumeIsUnmountedEverywhereGrownMountedAgainAndTheServerAdded() {
        Job job = t.add(pool, true, "127.0.1.5", "srv5");
        assertThat(job.status()).as(job.errorMessage()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.steps()).extracting(JobStep::name).containsSubsequence("allocate", "grow_slots", "stage");
        assertThat(fleet.volumeSlots()).isEqualTo(5);
        for (int i = 1; i <= 5; i++) {
            assertThat(agent(i).attached()).as("agent %s mounted", i).isTrue();
        }
        assertThat(agent(1).calls()).containsSubsequence("detach", "grow-slots 5", "attach");
        assertThat(t.server("srv5").status()).isEqualTo(ServerStatus.ACTIVE);
    }

    @Test
    void aMemberRunningVmsRefusesTheGrowAndNothingIsUnmounted() {
        agent(3).withVms("vm-db01");
        Job job = t.add(pool, true, "127.0.1.5", "srv5");
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorMessage()).contains("srv3 runs VMs [vm-db01]", "unmounts");
        assertThat(fleet.volumeSlots()).isEqualTo(4);
        assertThat(agent(1).calls()).doesNotContain("detach");
    }
}
