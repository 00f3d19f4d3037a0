package io.o2pool.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.agent.ConflictException;
import io.o2pool.agent.api.ClusterView;
import io.o2pool.agent.api.StackOutcome;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.api.StageRequest;
import io.o2pool.agent.stack.StackChange;
import io.o2pool.agent.stack.StackConfig;
import io.o2pool.agent.stack.StackDriver;
import io.o2pool.ocfs2.defaults.O2cbDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent parses a generation once, when it is staged, and hands that value to the stack at commit; a value
 * hand-edited into the live o2cb defaults file afterwards is reported (file, line, value, fix) when the stack would
 * start and in the live-config report, never replaced by its default. In process, no ports.
 */
class HandEditedDefaultsTest {
    static final String THRESHOLD_31 = "O2CB_HEARTBEAT_THRESHOLD=31";

    @TempDir
    Path root;
    ConfigFiles files;
    final List<StackConfig> parsedAtStage = new ArrayList<>();
    final RecordingStack stack = new RecordingStack();
    ConfigStore store;
    ConfigApplier applier;

    @BeforeEach
    void setUp() {
        files = ConfigFiles.of(root.resolve("state"), root.resolve("etc/ocfs2/cluster.conf"),
                root.resolve("etc/default/o2cb"));
        Ocfs2ConfigValidator validator = new Ocfs2ConfigValidator("vm-host03");
        ConfigValidator counting = (poolId, conf, o2cb) -> {
            ParsedConfig parsed = validator.check(poolId, conf, o2cb);
            parsedAtStage.add(parsed.config());
            return parsed;
        };
        store = new ConfigStore(files, counting, CrashPoints.NONE);
        store.recover();
        applier = new ConfigApplier(store, stack);
    }

    void commitEnabledDefaults() {
        String o2cb = ConfigSamples.o2cb(O2cbDefaults.defaults().withEnabled(true));
        assertThat(o2cb).contains(THRESHOLD_31);
        store.stage(StageRequest.of(1, ConfigSamples.POOL, ConfigSamples.clusterConf(2), o2cb));
        applier.commit(1);
    }

    @Test
    void theValueParsedAtStagingIsWhatTheStackGets() {
        commitEnabledDefaults();
        assertThat(parsedAtStage).hasSize(1);
        assertThat(stack.applied).singleElement().isSameAs(parsedAtStage.get(0));
        assertThat(applier.liveConfig()).as("the unchanged live files are not parsed again").isSameAs(parsedAtStage.get(0));
        assertThat(store.live().problems()).isEmpty();
    }

    @Test
    void aHandEditedThresholdOf3IsReportedWithFileLineAndValueAndTheStackDoesNotGetIt() throws Exception {
        commitEnabledDefaults();
        Path live = files.o2cbDefaults();
        Files.writeString(live, Files.readString(live).replace(THRESHOLD_31, "O2CB_HEARTBEAT_THRESHOLD=3"));
        String problem = live + " line 18: heartbeat dead threshold cannot be less than 7 (O2CB_HEARTBEAT_THRESHOLD=3);"
                + " set O2CB_HEARTBEAT_THRESHOLD to 7 or more (default 31)";

        assertThatThrownBy(applier::liveConfig).isInstanceOf(ConflictException.class)
                .hasMessage("the live configuration cannot be used: " + problem
                        + "; correct the file or re-sync this server from the manager");
        var report = store.live();
        assertThat(report.drift()).isTrue();
        assertThat(report.problems()).containsExactly(problem);
        assertThat(report.o2cbDefaults()).contains("O2CB_HEARTBEAT_THRESHOLD=3");

        // going offline stays possible (it needs only the cluster's name): the committed generation's value
        assertThat(applier.offlineConfig().clusterName()).isEqualTo("ocfs2");
        assertThat(applier.offlineConfig().deadThreshold()).isEqualTo(31);

        // fixing the file by hand clears the report; the stack gets what the file says
        Files.writeString(live, Files.readString(live).replace("O2CB_HEARTBEAT_THRESHOLD=3", "O2CB_HEARTBEAT_THRESHOLD=9"));
        assertThat(store.live().problems()).isEmpty();
        assertThat(applier.liveConfig().deadThreshold()).isEqualTo(9);
    }

    @Test
    void aHandEditedKeepaliveNotBelowIdleIsReportedToo() throws Exception {
        commitEnabledDefaults();
        Path live = files.o2cbDefaults();
        Files.writeString(live, Files.readString(live).replace("O2CB_KEEPALIVE_DELAY_MS=2000",
                "O2CB_KEEPALIVE_DELAY_MS=30000"));
        assertThat(store.live().problems()).singleElement().asString().startsWith(live + " line 24: network keepalive"
                + " delay in ms (30000) must be less than network idle timeout in ms (30000)");
        assertThatThrownBy(applier::liveConfig).hasMessageContaining("O2CB_KEEPALIVE_DELAY_MS");
    }

    /** A stack driver that records the configurations it is given. */
    static final class RecordingStack implements StackDriver {
        final List<StackConfig> applied = new ArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public ClusterView view() {
            return new ClusterView(name(), StackState.OFFLINE, null, List.of(), Instant.EPOCH);
        }

        @Override
        public AutoCloseable subscribe(Consumer<ClusterView> listener) {
            return () -> { };
        }

        @Override
        public StackChange online(StackConfig config) {
            throw new AssertionError("not used");
        }

        @Override
        public StackChange offline(StackConfig config) {
            throw new AssertionError("not used");
        }

        @Override
        public StackChange apply(StackConfig config) {
            applied.add(config);
            return new StackChange(StackOutcome.APPLIES_WHEN_ONLINE, "recorded");
        }
    }
}
