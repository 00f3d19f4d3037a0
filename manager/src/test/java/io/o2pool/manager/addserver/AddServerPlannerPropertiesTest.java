package io.o2pool.manager.addserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.agents.AgentFacts;
import io.o2pool.manager.agents.Finding;
import io.o2pool.manager.agents.RepositoryMount;
import io.o2pool.manager.agents.VolumeMode;
import io.o2pool.manager.api.Json;
import io.o2pool.manager.change.ChangePlan;
import io.o2pool.manager.change.ChangeStep;
import io.o2pool.manager.change.Effect;
import io.o2pool.manager.change.PlanCodec;
import io.o2pool.manager.change.PlannedStep;
import io.o2pool.manager.change.PoolState;
import io.o2pool.manager.model.HeartbeatMode;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.O2cbTimeouts;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.RepositoryType;
import io.o2pool.manager.model.Server;
import io.o2pool.manager.model.ServerStatus;
import io.o2pool.manager.model.ServerType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Properties of the pure Add Server planner on 300 random pools each (seeded by the repetition number): newcomers
 * take the lowest free numbers; every server stages and commits the one generation exactly once and newcomers commit
 * only after every member; only what is down is started or attached (so undo touches nothing that was up); the wait
 * covers every node; an error finding plans nothing; and the plan survives its JSON form unchanged (the job runs the
 * very plan the API showed).
 */
class AddServerPlannerPropertiesTest {
    private static final Instant T = Instant.parse("2026-12-04T00:00:00Z");

    private record Case(PoolState state, List<Server> newcomers, AddServerPreflight.Result preflight) {
    }

    private static Server server(long id, String name, Integer number) {
        return new Server(id, 1, "10.0.0." + id, name, ServerType.VM_SERVER, null, null,
                number == null ? null : "10.1." + (id / 200) + "." + (id % 200 + 1), number,
                number == null ? null : "host-" + id, number == null ? ServerStatus.ADDING : ServerStatus.ACTIVE,
                null, null, 8899, "pw", "fp", 3, T, T);
    }

    private static Case randomCase(Random r) {
        int maxNodes = 8 + r.nextInt(40);
        Pool pool = new Pool(1, "p", "ocfs2", 7777, O2cbTimeouts.defaults(), maxNodes, RepositoryType.OCFS2,
                "/dev/sdc1", r.nextBoolean() ? null : "0123456789abcdef0123456789abcdef", HeartbeatMode.LOCAL, true,
                r.nextInt(5), T);
        List<Integer> numbers = new ArrayList<>();
        for (int n = 0; n < maxNodes; n++) {
            numbers.add(n);
        }
        Collections.shuffle(numbers, r);
        int memberCount = r.nextInt(maxNodes / 2 + 1);
        List<Server> members = new ArrayList<>();
        Map<String, AgentFacts> memberFacts = new HashMap<>();
        for (int i = 0; i < memberCount; i++) {
            Server m = server(i + 1, "m" + (i + 1), numbers.get(i));
            members.add(m);
            memberFacts.put(m.name(), new AgentFacts(m.nodeName(), List.of(m.ipAddress()), "fp", 3, "sum",
                    r.nextInt(4) != 0, r.nextInt(4) != 0 ? "uuid" : null, VolumeMode.CLUSTER,
                    RepositoryMount.HEARTBEAT_LOCAL, List.of()));
        }
        int newcomerCount = 1 + r.nextInt(Math.min(5, maxNodes - memberCount));
        List<Server> newcomers = new ArrayList<>();
        Map<Long, AddServerPreflight.Identity> identities = new HashMap<>();
        Map<Long, VolumeMode> modes = new HashMap<>();
        for (int i = 0; i < newcomerCount; i++) {
            long id = 100 + i;
            Server n = server(id, "n" + i, null);
            newcomers.add(n);
            identities.put(id, new AddServerPreflight.Identity(id, "new-" + i, "10.2.0." + (i + 1), "fp-" + i));
            modes.put(id, r.nextBoolean() ? VolumeMode.LOCAL : VolumeMode.CLUSTER);
        }
        List<Finding> findings = r.nextInt(10) == 0
                ? List.of(Finding.error("hosts.loopback", "n0", "maps to 127.0.0.1", "fix /etc/hosts"))
                : List.of();
        var preflight = new AddServerPreflight.Result(findings, identities, Map.of(), modes, memberFacts, List.of(), null);
        return new Case(new PoolState(pool, members, pool.generation() + 1 + r.nextInt(3)), newcomers, preflight);
    }

    private static ChangePlan plan(Case c) {
        return AddServerPlanner.plan(c.newcomers().size() == 1 ? JobKind.ADD_SERVER : JobKind.BATCH_ADD, c.state(),
                c.newcomers(), c.preflight(), List.of(), Duration.ofSeconds(120));
    }

    private static List<Effect> effects(ChangePlan plan, AddServerStep step) {
        return plan.steps().stream().filter(s -> s.step() == step).findFirst().map(PlannedStep::effects)
                .orElse(List.of());
    }

    @RepeatedTest(300)
    void everyServerTakesTheGenerationOnceAndOnlyWhatIsDownIsBroughtUp(RepetitionInfo rep) {
        Case c = randomCase(new Random(rep.getCurrentRepetition()));
        ChangePlan plan = plan(c);
        if (!c.preflight().findings().isEmpty()) {
            assertThat(plan.refused()).isTrue();
            assertThat(plan.steps()).as("an error finding plans nothing").isEmpty();
            return;
        }
        List<String> members = c.state().participantNames();
        List<String> newcomers = c.newcomers().stream().map(Server::name).toList();
        List<String> everyone = new ArrayList<>(members);
        everyone.addAll(newcomers);
        assertThat(plan.generation()).isEqualTo(c.state().nextGeneration());

        // newcomers take the lowest free numbers, in order
        Set<Integer> used = new HashSet<>(c.state().spec().numbers());
        List<Integer> assigned = effects(plan, AddServerStep.ALLOCATE).stream()
                .filter(e -> e instanceof Effect.AssignNode).map(e -> ((Effect.AssignNode) e).number()).toList();
        for (int number : assigned) {
            for (int lower = 0; lower < number; lower++) {
                assertThat(used).as("seed %s: %s is free below %s", rep.getCurrentRepetition(), lower, number)
                        .contains(lower);
            }
            used.add(number);
        }
        assertThat(assigned).hasSize(newcomers.size()).doesNotHaveDuplicates();

        // one stage and one commit per server; newcomers commit only after every member
        assertThat(effects(plan, AddServerStep.STAGE)).extracting(Effect::target).containsExactlyElementsOf(everyone);
        List<Effect> commits = effects(plan, AddServerStep.COMMIT);
        assertThat(commits.stream().filter(e -> e instanceof Effect.Commit).map(Effect::target).toList())
                .containsExactlyElementsOf(everyone);
        assertThat(commits.stream().filter(e -> e instanceof Effect.Commit).map(e -> ((Effect.Commit) e).restorable())
                .toList()).isSortedAccordingTo((a, b) -> Boolean.compare(b, a));
        assertThat(plan.files().clusterConf()).contains("\tnode_count = " + everyone.size() + "\n");

        // only newcomers and members that are down are started or attached
        Set<String> started = new TreeSet<>(effects(plan, AddServerStep.START_STACK).stream().map(Effect::target)
                .toList());
        Set<String> attached = new TreeSet<>(effects(plan, AddServerStep.ATTACH_REPOSITORY).stream()
                .map(Effect::target).toList());
        for (String m : members) {
            AgentFacts f = c.preflight().memberFacts().get(m);
            assertThat(started.contains(m)).as("seed %s: start %s", rep.getCurrentRepetition(), m)
                    .isEqualTo(!f.stackRunning());
            assertThat(attached.contains(m)).isEqualTo(f.repositoryUuid() == null);
        }
        assertThat(started).containsAll(newcomers);
        assertThat(attached).containsAll(newcomers);

        // conversion only for the first server of a pool whose volume is in local mode
        boolean converts = members.isEmpty()
                && c.preflight().repositoryModes().get(c.newcomers().getFirst().id()) == VolumeMode.LOCAL;
        assertThat(plan.step(AddServerStep.PREPARE_REPOSITORY.id()).isPresent()).isEqualTo(converts);

        // the wait covers every server and every node number
        Effect.WaitLive wait = (Effect.WaitLive) effects(plan, AddServerStep.WAIT_LIVE).getFirst();
        assertThat(wait.servers()).containsExactlyElementsOf(everyone);
        Set<Integer> all = new HashSet<>(c.state().spec().numbers());
        all.addAll(assigned);
        assertThat(wait.nodes()).containsExactlyInAnyOrderElementsOf(all);
    }

    @RepeatedTest(100)
    void thePlanIsDeterministicAndSurvivesItsJsonForm(RepetitionInfo rep) {
        Case c = randomCase(new Random(rep.getCurrentRepetition()));
        ChangePlan plan = plan(c);
        assertThat(plan(c)).isEqualTo(plan);
        PlanCodec codec = new PlanCodec(Json.mapper());
        ChangePlan back = codec.read(codec.write(plan), id -> ChangeStep.of(AddServerStep.class, id));
        assertThat(back).isEqualTo(plan);
        assertThat(codec.write(back)).isEqualTo(codec.write(plan));
    }
}
