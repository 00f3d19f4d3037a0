package io.o2pool.agent.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.agent.ConflictException;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.Member;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.api.VmDefinition;
import io.o2pool.agent.api.VmEventType;
import io.o2pool.agent.api.VmState;
import io.o2pool.agent.stack.StackChange;
import io.o2pool.agent.stack.StackConfig;
import io.o2pool.agent.stack.StackDriver;
import io.o2pool.testkit.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers' VM services on one repository (stand-in process VMs), each with a scripted view of its own disk
 * heartbeat, as a timeline on one fake clock: node2 may not start node1's VM while node1 is alive, nor while node2
 * cannot tell (not heartbeating, just joined, node1 merely unreachable), and takes it once node2's own heartbeat
 * declared node1 dead.
 */
class VmServiceLeaseTest {
    private static final StackConfig CONFIG = new StackConfig("ocfs2", "local", List.of(
            new StackConfig.Node("node1", 1, "127.0.1.1", 7777), new StackConfig.Node("node2", 2, "127.0.1.2", 7777)),
            7, 30000, 2000, 2000, true);

    @TempDir
    Path root;
    private final FakeClock clock = FakeClock.atEpochOfSeed();
    private VmService node1;
    private VmService node2;

    @AfterEach
    void stop() {
        for (VmService s : new VmService[] {node1, node2}) {
            if (s != null) {
                s.destroyAllForDeparture("test ends");
                s.close();
            }
        }
    }

    @Test
    void theLeasePassesOnlyWhenTheHoldersHeartbeatIsDeclaredDead() throws Exception {
        Path repository = Files.createDirectories(root.resolve("repository"));
        ScriptedStack stack1 = new ScriptedStack(view(StackState.HEARTBEATING, true, true));
        ScriptedStack stack2 = new ScriptedStack(view(StackState.ONLINE, true, true));
        node1 = service("node1", stack1, repository);
        node2 = service("node2", stack2, repository);

        node1.define(VmDefinition.tiny("web1"));
        assertThat(node1.start("web1").state()).isEqualTo(VmState.RUNNING);
        assertThat(node1.leases()).singleElement().satisfies(l -> assertThat(l.owner()).isEqualTo("node1"));

        // node2 is not heartbeating itself: it cannot judge anyone
        assertThatThrownBy(() -> node2.start("web1")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("its cluster stack is ONLINE, not HEARTBEATING");
        stack2.view = view(StackState.HEARTBEATING, true, true);
        assertThatThrownBy(() -> node2.start("web1")).isInstanceOf(ConflictException.class).hasMessage(
                "VM web1 is held by node1 (node 1), alive in the disk heartbeat; stop it there or wait for the "
                        + "cluster to evict node1");
        // node1's agent unreachable, its o2net connection lost: still alive on disk
        stack2.view = view(StackState.HEARTBEATING, true, false);
        assertThatThrownBy(() -> node2.start("web1")).hasMessageContaining("alive in the disk heartbeat");

        // node1 stops heartbeating; node2's heartbeat (watching for 20 s now) declares it dead
        clock.advance(Duration.ofSeconds(20));
        stack2.view = view(StackState.HEARTBEATING, false, false);
        node1.driver().destroy("web1"); // its guard killed the guest; the lease record stays as node1 left it
        assertThat(node2.start("web1").state()).isEqualTo(VmState.RUNNING);
        assertThat(node2.leases()).singleElement().satisfies(l -> assertThat(l.owner()).isEqualTo("node2"));
        assertThat(node2.events().all()).extracting(e -> e.type()).containsSubsequence(VmEventType.LEASE_REFUSED,
                VmEventType.LEASE_ACQUIRED);
        assertThat(node2.events().all()).filteredOn(e -> e.type() == VmEventType.LEASE_ACQUIRED).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("lease taken over from node1 (node 1)"));
    }

    @Test
    void aPeerNeverSeenAliveIsNotDeadUntilWatchedForTheDeadBound() throws Exception {
        Path repository = Files.createDirectories(root.resolve("repository"));
        ScriptedStack stack1 = new ScriptedStack(view(StackState.HEARTBEATING, true, true));
        node1 = service("node1", stack1, repository);
        node1.define(VmDefinition.tiny("web2"));
        node1.start("web2");
        node1.destroyAllForDeparture("gone"); // frees the lease; take it again and leave it held
        node1.start("web2");

        // node2 starts heartbeating and does not see node1 (yet): unknown, not dead
        ScriptedStack stack2 = new ScriptedStack(view(StackState.HEARTBEATING, false, false));
        node2 = service("node2", stack2, repository);
        assertThatThrownBy(() -> node2.start("web2")).hasMessageContaining("cannot judge");
        clock.advance(Duration.ofSeconds(15));
        assertThatThrownBy(() -> node2.start("web2")).hasMessageContaining("cannot judge");
        clock.advance(Duration.ofSeconds(2));
        node1.destroyAllForDeparture("gone");
        // freed by node1 meanwhile: free is free
        assertThat(node2.start("web2").state()).isEqualTo(VmState.RUNNING);
    }

    @Test
    void aNodeThatHeartbeatsAgainReleasesTheLeasesOfVmsThatNoLongerRunThere() throws Exception {
        Path repository = Files.createDirectories(root.resolve("repository"));
        ScriptedStack stack1 = new ScriptedStack(view(StackState.HEARTBEATING, true, true));
        node1 = service("node1", stack1, repository);
        node1.define(VmDefinition.tiny("web3"));
        node1.define(VmDefinition.tiny("web4"));
        node1.start("web3");
        node1.start("web4");
        // node1 fences (its stack stops, its guest web3 dies with the fence); web4 still runs
        stack1.view = view(StackState.ONLINE, true, true);
        node1.driver().destroy("web3");
        org.awaitility.Awaitility.await("node1 sees itself not heartbeating").atMost(Duration.ofSeconds(10))
                .until(() -> node1.leases().size() == 2 && stack1.view.state() == StackState.ONLINE);
        Thread.sleep(1500); // a sampling round of the stopped stack
        assertThat(node1.leases()).as("nothing is released while it cannot heartbeat").hasSize(2);

        stack1.view = view(StackState.HEARTBEATING, true, true); // back
        org.awaitility.Awaitility.await("web3's stale lease released").atMost(Duration.ofSeconds(10))
                .until(() -> node1.leases().stream().noneMatch(l -> l.vm().equals("web3")));
        assertThat(node1.leases()).singleElement().satisfies(l -> assertThat(l.vm()).isEqualTo("web4"));
        assertThat(node1.events().all()).anySatisfy(e -> assertThat(e.detail()).contains("left by an earlier run"));
    }

    private VmService service(String name, ScriptedStack stack, Path repository) throws java.io.IOException {
        Path tiny = Files.createDirectories(root.resolve("tiny-guest")); // the process driver boots nothing
        for (String f : List.of("vmlinuz", "initrd.img")) {
            if (!Files.exists(tiny.resolve(f))) {
                Files.writeString(tiny.resolve(f), "stand-in");
            }
        }
        return new VmService(name, new ProcessVmDriver(root.resolve(name + "-vms"), clock), stack,
                () -> Optional.of(CONFIG), () -> List.of(repository), tiny, clock);
    }

    private static ClusterView view(StackState state, boolean node1Alive, boolean connected) {
        return new ClusterView("userspace", state, "ocfs2", List.of(
                new Member(1, "node1", "127.0.1.1", 7777, false, node1Alive, connected),
                new Member(2, "node2", "127.0.1.2", 7777, false, true, true)), null, true);
    }

    /** A stack whose view the test sets. */
    private static final class ScriptedStack implements StackDriver {
        volatile ClusterView view;

        ScriptedStack(ClusterView view) {
            this.view = view;
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public ClusterView view() {
            return view;
        }

        @Override
        public AutoCloseable subscribe(Consumer<ClusterView> listener) {
            return () -> { };
        }

        @Override
        public StackChange online(StackConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StackChange offline(StackConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StackChange apply(StackConfig config) {
            throw new UnsupportedOperationException();
        }
    }
}
