package io.o2pool.manager.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.agent.api.RepositoryInfo;
import io.o2pool.agent.api.RepositoryMode;
import io.o2pool.manager.model.RepositoryType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The agent's typed repository answers as the jobs see them: modes and mounts map value to value, so no answer of the
 * agent (a converted volume, a volume mounted {@code heartbeat=none}, a directory) is lost to an unknown string.
 */
class AgentClientGatewayMappingTest {
    private static final String UUID = "11111111222233334444555555555555";
    private static final String DEVICE = "/dev/sdb";

    private static RepositoryInfo ocfs2(RepositoryMode mode, io.o2pool.agent.api.RepositoryMount mount, String note) {
        return new RepositoryInfo(UUID, "ocfs2", DEVICE, mount == io.o2pool.agent.api.RepositoryMount.UNMOUNTED ? null
                : "/var/ovs/mount/" + UUID, mode, mount, 4, note);
    }

    @Test
    void aConvertedVolumeIsClusterNotUnknown() {
        // what POST /v1/repository/convert-to-cluster answers (formerly mountMode "cluster, 4 slots", mapped to null)
        RepositoryInfo converted = ocfs2(RepositoryMode.CLUSTER, io.o2pool.agent.api.RepositoryMount.UNMOUNTED,
                "converted from local to cluster mode with 4 slots");
        RepositoryInspection seen = AgentClientGateway.inspection(converted, RepositoryType.OCFS2);
        assertThat(seen.volumeMode()).isEqualTo(VolumeMode.CLUSTER);
        assertThat(seen.volumeMode()).isEqualTo(VolumeMode.CLUSTER);
        RepositoryStatus status = AgentClientGateway.status(converted);
        assertThat(status.mode()).isEqualTo(VolumeMode.CLUSTER);
        assertThat(status.mount()).isEqualTo(RepositoryMount.UNMOUNTED);
        assertThat(status.clusterMode()).as("not mounted yet: not usable by the cluster").isFalse();
    }

    @Test
    void aLocalVolumeMountedHeartbeatNoneIsLocalAndNotClusterMode() {
        RepositoryStatus status = AgentClientGateway.status(ocfs2(RepositoryMode.LOCAL,
                io.o2pool.agent.api.RepositoryMount.HEARTBEAT_NONE, null));
        assertThat(status.mode()).isEqualTo(VolumeMode.LOCAL);
        assertThat(status.mount()).isEqualTo(RepositoryMount.HEARTBEAT_NONE);
        assertThat(status.clusterMode()).isFalse();
        assertThat(status.mountOptions()).isEqualTo("heartbeat=none");
    }

    @Test
    void aClusterVolumeMountedHeartbeatLocalIsClusterMode() {
        RepositoryStatus status = AgentClientGateway.status(ocfs2(RepositoryMode.CLUSTER,
                io.o2pool.agent.api.RepositoryMount.HEARTBEAT_LOCAL, null));
        assertThat(status.clusterMode()).isTrue();
        assertThat(status.mountOptions()).isEqualTo("heartbeat=local");
        assertThat(status.mountPoint()).isEqualTo("/var/ovs/mount/" + UUID);
    }

    @Test
    void aDirectoryHasNoVolumeModeAndIsUsableAsItIs() {
        RepositoryInfo directory = RepositoryInfo.directory(UUID, "/srv/nfs/repo");
        assertThat(AgentClientGateway.inspection(directory, RepositoryType.NFS).volumeMode()).isNull();
        RepositoryStatus status = AgentClientGateway.status(directory);
        assertThat(status.mode()).isNull();
        assertThat(status.mount()).isEqualTo(RepositoryMount.NOT_A_MOUNT);
        assertThat(status.clusterMode()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(io.o2pool.agent.api.RepositoryMount.class)
    void everyMountTheAgentReportsHasAManagerValueOfTheSameName(io.o2pool.agent.api.RepositoryMount mount) {
        assertThat(AgentClientGateway.mount(mount).name()).isEqualTo(mount.name());
    }

    @Test
    void factsShowTheModeOfAMountedRepositoryOnly() {
        AgentFacts mounted = new AgentFacts("vm-host01", List.of("192.168.3.151"), "fp", 1, "sum", true, UUID,
                VolumeMode.CLUSTER, RepositoryMount.HEARTBEAT_LOCAL, List.of());
        assertThat(mounted.repositoryMountMode()).isEqualTo("cluster");
        AgentFacts unmounted = new AgentFacts("vm-host01", List.of("192.168.3.151"), "fp", 1, "sum", true, UUID,
                VolumeMode.LOCAL, RepositoryMount.UNMOUNTED, List.of());
        assertThat(unmounted.repositoryMountMode()).isNull();
        assertThat(unmounted.repositoryMode()).isEqualTo(VolumeMode.LOCAL);
    }
}
