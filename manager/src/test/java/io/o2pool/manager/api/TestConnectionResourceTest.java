package io.o2pool.manager.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.o2pool.manager.agents.Finding;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test Connection: facts, fingerprint and findings; a wrong password reported; nothing changes. */
class TestConnectionResourceTest {
    @TempDir
    static Path dir;
    static ApiFixture api;

    @BeforeAll
    static void start() {
        api = new ApiFixture(dir);
        api.pool("tp");
        api.fleet.add("127.0.5.1", "thost").withPreflightFinding(new Finding(Finding.Severity.WARNING, "clock.skew",
                "t", "clock differs by 2 s", "run NTP"));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void reportsFactsFingerprintAndFindingsAndChangesNothing() {
        var r = api.post("/api/servers/test-connection", "{\"host\":\"127.0.5.1\",\"agent_password\":\""
                + io.o2pool.manager.agents.FakeFleet.PASSWORD + "\",\"pool\":\"tp\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().path("reachable").asBoolean()).isTrue();
        assertThat(r.body().path("fingerprint").asText()).isEqualTo("fp-thost");
        assertThat(r.body().path("facts").path("hostname").asText()).isEqualTo("thost");
        assertThat(r.body().path("findings").findValuesAsText("code")).containsExactly("clock.skew");
        assertThat(api.fleet.at("127.0.5.1").changedAnything()).isFalse();
        assertThat(api.get("/api/servers").body().size()).isZero();
    }

    @Test
    void wrongPasswordIsReportedNotThrown() {
        var r = api.post("/api/servers/test-connection", "{\"host\":\"127.0.5.1\",\"agent_password\":\"wrong\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("reachable").asBoolean()).isFalse();
        assertThat(r.body().path("error").asText()).contains("wrong agent password");
    }

    @Test
    void missingHostIs400() {
        var r = api.post("/api/servers/test-connection", "{\"agent_password\":\"x\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("field").asText()).isEqualTo("host");
    }

    @Test
    void fixHostsShowsTheDiffThenWritesOnlyTheFileThatWasShown() {
        var agent = api.fleet.add("127.0.5.3", "thost").withHosts("127.0.0.1\tthost localhost\n");
        String access = "\"host\":\"127.0.5.3\",\"agent_password\":\"" + io.o2pool.manager.agents.FakeFleet.PASSWORD
                + "\"";
        var shown = api.post("/api/servers/fix-hosts", "{" + access + "}");
        assertThat(shown.status()).as(shown.text()).isEqualTo(200);
        assertThat(shown.body().path("diff").asText()).contains("-127.0.0.1\tthost localhost", "+127.0.5.3\tthost");
        assertThat(shown.body().path("applied").asBoolean()).isFalse();
        assertThat(agent.hostsText()).isEqualTo("127.0.0.1\tthost localhost\n");

        var noSha = api.post("/api/servers/fix-hosts", "{" + access + ",\"apply\":true}");
        assertThat(noSha.status()).isEqualTo(400);
        assertThat(noSha.body().path("field").asText()).isEqualTo("expected_sha256");
        var stale = api.post("/api/servers/fix-hosts", "{" + access + ",\"apply\":true,\"expected_sha256\":\"abc\"}");
        assertThat(stale.status()).as(stale.text()).isEqualTo(409);
        assertThat(stale.text()).contains("changed since");

        var written = api.post("/api/servers/fix-hosts", "{" + access + ",\"apply\":true,\"expected_sha256\":\""
                + shown.body().path("sha256").asText() + "\"}");
        assertThat(written.status()).as(written.text()).isEqualTo(200);
        assertThat(written.body().path("applied").asBoolean()).isTrue();
        assertThat(agent.hostsText()).isEqualTo("127.0.0.1\tlocalhost\n127.0.5.3\tthost\n");
        assertThat(api.get("/api/events").text()).contains("now maps thost to 127.0.5.3");
    }

    @Test
    void aPoolTestIsTheJobsPreflightWithTheMatrixAndThePlan() {
        api.fleet.add("127.0.5.2", "thost2");
        var r = api.post("/api/servers/test-connection", "{\"host\":\"127.0.5.2\",\"agent_password\":\""
                + io.o2pool.manager.agents.FakeFleet.PASSWORD + "\",\"pool\":\"tp\",\"name\":\"t2\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.body().path("plan").path("steps").findValuesAsText("step")).contains("stage", "commit",
                "wait_live");
        assertThat(r.body().path("matrix").isArray()).isTrue();
        assertThat(api.get("/api/servers").body().size()).as("nothing stored").isZero();
    }
}
