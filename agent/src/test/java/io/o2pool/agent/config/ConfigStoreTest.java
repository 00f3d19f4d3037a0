package io.o2pool.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.agent.ConflictException;
import io.o2pool.agent.InvalidInputException;
import io.o2pool.agent.api.ChangeOutcome;
import io.o2pool.agent.api.StageRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Stage/commit/abort rules of the versioned change, and recovery after a simulated crash at each step (in-process). */
class ConfigStoreTest {
    @TempDir
    Path root;
    ConfigFiles files;

    /** Thrown by the crash hook to stop the store at a step, like a crash without the kill. */
    static final class Crash extends RuntimeException {
    }

    @BeforeEach
    void setUp() {
        files = ConfigFiles.of(root.resolve("state"), root.resolve("etc/ocfs2/cluster.conf"), root.resolve("etc/default/o2cb"));
    }

    ConfigStore store(CrashPoints crash) {
        ConfigStore store = new ConfigStore(files, new Ocfs2ConfigValidator("vm-host03"), crash);
        store.recover();
        return store;
    }

    @Test
    void stageThenCommitMakesTheGenerationLiveByteForByte() throws Exception {
        ConfigStore store = store(CrashPoints.NONE);
        StageRequest one = ConfigSamples.generation(1);
        assertThat(store.stage(one).outcome()).isEqualTo(ChangeOutcome.STAGED);
        assertThat(files.clusterConf()).doesNotExist();
        assertThat(store.status().staged().generation()).isEqualTo(1);
        assertThat(store.commit(1).outcome()).isEqualTo(ChangeOutcome.COMMITTED);
        assertThat(Files.readString(files.clusterConf())).isEqualTo(one.clusterConf());
        assertThat(Files.readString(files.o2cbDefaults())).isEqualTo(one.o2cbDefaults());
        assertThat(store.status().live().checksum()).isEqualTo(one.checksum());
        assertThat(store.status().staged()).isNull();
        assertThat(store.status().drift()).isFalse();
    }

    @Test
    void liveShowsTheFilesOnDiskAndFlagsAHandEdit() throws Exception {
        ConfigStore store = store(CrashPoints.NONE);
        assertThat(store.live().live()).as("nothing committed yet").isNull();
        assertThat(store.live().drift()).isFalse();
        StageRequest one = ConfigSamples.generation(1);
        store.stage(one);
        store.commit(1);
        var clean = store.live();
        assertThat(clean.live().generation()).isEqualTo(1);
        assertThat(clean.clusterConf()).isEqualTo(one.clusterConf());
        assertThat(clean.o2cbDefaults()).isEqualTo(one.o2cbDefaults());
        assertThat(clean.diskChecksum()).isEqualTo(one.checksum());
        assertThat(clean.drift()).isFalse();

        String edited = one.clusterConf().replace("7777", "7778");
        assertThat(edited).isNotEqualTo(one.clusterConf());
        Files.writeString(files.clusterConf(), edited);
        var drifted = store.live();
        assertThat(drifted.drift()).isTrue();
        assertThat(drifted.clusterConf()).isEqualTo(edited);
        assertThat(drifted.diskChecksum()).isNotEqualTo(one.checksum());
        assertThat(drifted.live().checksum()).as("the committed checksum").isEqualTo(one.checksum());
    }

    @Test
    void rollbackRestoresOnlyTheLiveGenerationsPredecessorByteForByte() throws Exception {
        ConfigStore store = store(CrashPoints.NONE);
        assertThatThrownBy(() -> store.rollback(1)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("no previous generation");
        StageRequest one = ConfigSamples.generation(1);
        for (long g = 1; g <= 3; g++) {
            store.stage(ConfigSamples.generation(g));
            store.commit(g);
        }
        assertThatThrownBy(() -> store.rollback(1)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("only generation 2");
        assertThatThrownBy(() -> store.rollback(4)).isInstanceOf(ConflictException.class);
        assertThat(store.rollback(3).outcome()).isEqualTo(ChangeOutcome.ALREADY_LIVE);
        store.stage(ConfigSamples.generation(4));

        assertThat(store.rollback(2).outcome()).isEqualTo(ChangeOutcome.ROLLED_BACK);
        StageRequest two = ConfigSamples.generation(2);
        assertThat(Files.readString(files.clusterConf())).isEqualTo(two.clusterConf());
        assertThat(Files.readString(files.o2cbDefaults())).isEqualTo(two.o2cbDefaults());
        assertThat(store.status().live().generation()).isEqualTo(2);
        assertThat(store.status().previous()).isNull();
        assertThat(store.status().drift()).isFalse();
        assertThat(store.status().staged().generation()).as("the staged generation stays staged").isEqualTo(4);
        assertThat(store.rollback(2).outcome()).isEqualTo(ChangeOutcome.ALREADY_LIVE);
        assertThatThrownBy(() -> store.rollback(1)).isInstanceOf(ConflictException.class);
        assertThat(one.clusterConf()).isNotEqualTo(two.clusterConf());

        ConfigStore restarted = store(CrashPoints.NONE);
        assertThat(restarted.status().live().generation()).isEqualTo(2);
        assertThat(restarted.commit(4).outcome()).isEqualTo(ChangeOutcome.COMMITTED);
        assertThat(restarted.status().previous().generation()).isEqualTo(2);
    }

    @Test
    void repeatingAStepIsANoOpAndOlderGenerationsAreRefused() {
        ConfigStore store = store(CrashPoints.NONE);
        store.stage(ConfigSamples.generation(2));
        assertThat(store.stage(ConfigSamples.generation(2)).outcome()).isEqualTo(ChangeOutcome.ALREADY_STAGED);
        assertThatThrownBy(() -> store.stage(ConfigSamples.generation(1))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("generation 2 is already staged");
        store.commit(2);
        assertThat(store.commit(2).outcome()).isEqualTo(ChangeOutcome.ALREADY_LIVE);
        assertThat(store.stage(ConfigSamples.generation(2)).outcome()).isEqualTo(ChangeOutcome.ALREADY_LIVE);
        assertThatThrownBy(() -> store.stage(ConfigSamples.generation(1))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("not newer than the live generation 2");
        StageRequest sameNumberOtherContent = StageRequest.of(2, "pool-1", ConfigSamples.clusterConf(3), ConfigSamples.o2cb(40));
        assertThatThrownBy(() -> store.stage(sameNumberOtherContent)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.commit(3)).isInstanceOf(ConflictException.class).hasMessageContaining("not staged");
    }

    @Test
    void abortDropsTheStagedChangeAndLeavesLiveFilesAlone() throws Exception {
        ConfigStore store = store(CrashPoints.NONE);
        store.stage(ConfigSamples.generation(1));
        store.commit(1);
        store.stage(ConfigSamples.generation(2));
        assertThat(store.abort(2).outcome()).isEqualTo(ChangeOutcome.ABORTED);
        assertThat(store.abort(2).outcome()).isEqualTo(ChangeOutcome.NOTHING_STAGED);
        assertThat(Files.readString(files.clusterConf())).isEqualTo(ConfigSamples.generation(1).clusterConf());
        assertThat(ConfigStore.stagedCopy(files.clusterConf())).doesNotExist();
        assertThatThrownBy(() -> store.commit(2)).isInstanceOf(ConflictException.class);
    }

    @Test
    void thePreviousGenerationIsKeptForRollback() {
        ConfigStore store = store(CrashPoints.NONE);
        assertThat(store.previous()).isEmpty();
        for (long g = 1; g <= 3; g++) {
            store.stage(ConfigSamples.generation(g));
            store.commit(g);
        }
        StageRequest previous = store.previous().orElseThrow();
        assertThat(previous).isEqualTo(ConfigSamples.generation(2));
        assertThat(store.status().previous().generation()).isEqualTo(2);
        assertThat(files.archiveDir(1)).doesNotExist();
    }

    @Test
    void aHandEditOfALiveFileIsReportedAsDrift() throws Exception {
        ConfigStore store = store(CrashPoints.NONE);
        store.stage(ConfigSamples.generation(1));
        store.commit(1);
        Files.writeString(files.o2cbDefaults(), ConfigSamples.o2cb(61));
        assertThat(store.status().drift()).isTrue();
        assertThat(store.status().diskChecksum()).isNotEqualTo(store.status().live().checksum());
    }

    @Test
    void invalidInputIsRefusedNamingTheFieldAndNothingIsWritten() {
        ConfigStore store = store(CrashPoints.NONE);
        String bad = ConfigSamples.clusterConf(2).replace("number = 1", "number = 255");
        assertThatThrownBy(() -> store.stage(StageRequest.of(1, "pool-1", bad, ConfigSamples.o2cb(31))))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    InvalidInputException invalid = (InvalidInputException) e;
                    assertThat(invalid.field()).isEqualTo("clusterConf");
                    assertThat(invalid.line()).isEqualTo(15);
                    assertThat(invalid.column()).isEqualTo(11);
                })
                .hasMessageContaining("line 15, column 11").hasMessageContaining("but is 255");
        StageRequest wrongSum = new StageRequest(1, "pool-1", ConfigSamples.clusterConf(1), ConfigSamples.o2cb(31), "00");
        assertThatThrownBy(() -> store.stage(wrongSum)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("checksum"));
        assertThat(files.dir().resolve("generations")).doesNotExist();
        assertThat(store.status().staged()).isNull();
    }

    @ParameterizedTest
    @EnumSource(CrashPoint.class)
    void recoveryAfterACrashAtEachStepLeavesOneWholeGeneration(CrashPoint point) throws Exception {
        ConfigStore before = store(CrashPoints.NONE);
        StageRequest old = ConfigSamples.generation(1);
        StageRequest next = ConfigSamples.generation(2);
        before.stage(old);
        before.commit(1);
        ConfigStore crashing = store(p -> {
            if (p == point) {
                throw new Crash();
            }
        });
        try {
            crashing.stage(next);
            crashing.commit(2);
        } catch (Crash expected) {
            // the process "died" here
        }
        ConfigStore after = store(CrashPoints.NONE);
        long live = after.status().live().generation();
        StageRequest expected = point.name().startsWith("COMMIT_") ? next : old;
        assertThat(live).isEqualTo(expected.generation());
        assertThat(Files.readString(files.clusterConf())).isEqualTo(expected.clusterConf());
        assertThat(Files.readString(files.o2cbDefaults())).isEqualTo(expected.o2cbDefaults());
        assertThat(after.status().drift()).isFalse();
        assertThat(files.intent()).doesNotExist();
    }
}
