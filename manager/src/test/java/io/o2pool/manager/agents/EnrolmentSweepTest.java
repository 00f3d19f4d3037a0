package io.o2pool.manager.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.TestPools;
import io.o2pool.manager.change.PoolAgents;
import io.o2pool.manager.model.Pool;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Add Server enrols each newcomer and erases its password; servers whose password is still stored (added by a manager
 * from before enrolment) are enrolled by the sweep on upgrade, except one whose agent does not answer, which keeps it.
 */
class EnrolmentSweepTest {
    @TempDir
    Path dir;
    TestPools t;
    FakeFleet fleet = new FakeFleet();
    Pool pool;

    @BeforeEach
    void threeActiveServers() {
        t = new TestPools(dir);
        t.engine(fleet);
        pool = t.pool("pool1");
        t.activeMembers(fleet, pool, 3);
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    /** As a database and agents from before enrolment: the password stored, the agent not enrolled. */
    private void asBeforeEnrolment(String server, String host) {
        t.store.jdbi().useHandle(h -> h.createUpdate("UPDATE servers SET agent_password = :p WHERE name = :n")
                .bind("p", FakeFleet.PASSWORD).bind("n", server).execute());
        fleet.at(host).forgetEnrolment();
    }

    @Test
    void addServerEnrolsEveryNewcomerAndErasesItsPassword() {
        for (int i = 1; i <= 3; i++) {
            assertThat(t.server("srv" + i).agentPassword()).isNull();
            assertThat(fleet.at("127.0.1." + i).enrolled()).isTrue();
        }
    }

    @Test
    void theSweepEnrolsStoredPasswordsOnceAndKeepsThoseWhoseAgentIsSilent() {
        asBeforeEnrolment("srv1", "127.0.1.1");
        asBeforeEnrolment("srv2", "127.0.1.2");
        fleet.at("127.0.1.2").silence();
        var sweep = new EnrolmentSweep(t.store, new PoolAgents(fleet), t.clock);

        sweep.run();
        assertThat(t.server("srv1").agentPassword()).isNull();
        assertThat(fleet.at("127.0.1.1").enrolled()).isTrue();
        assertThat(t.server("srv2").agentPassword()).as("its agent is silent").isEqualTo(FakeFleet.PASSWORD);
        assertThat(t.store.events().listAfter(0, 1000)).filteredOn(e -> e.kind().equals("server.enrolled"))
                .singleElement().satisfies(e -> assertThat(e.message()).contains("server srv1")
                        .contains("agent password is erased"));

        fleet.at("127.0.1.2").revive();
        sweep.run();
        assertThat(t.server("srv2").agentPassword()).isNull();
        assertThat(fleet.at("127.0.1.2").enrolled()).isTrue();
    }
}
