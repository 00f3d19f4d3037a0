package io.o2pool.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.o2pool.agent.api.GenerationRef;
import io.o2pool.agent.stack.StackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pool records in repository folders, and the stack journal's format. */
class PoolRecordsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T12:03:14Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    static StackConfig config(String... names) {
        List<StackConfig.Node> nodes = new java.util.ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            nodes.add(new StackConfig.Node(names[i], i, "127.0.1." + (i + 1), 7777));
        }
        return new StackConfig("ocfs2", "local", nodes, 31, 30000, 2000, 2000, true);
    }

    @Test
    void publishWritesEveryAttachedRepositoryAndNeverReplacesANewerRecord() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        PoolRecords records = new PoolRecords(() -> List.of(a, b), "vm-host01", CLOCK);
        records.publish(new GenerationRef(3, "sum-3", "7"), config("vm-host01", "vm-host02"));
        assertThat(PoolRecords.path(a, "ocfs2")).exists();
        assertThat(records.newest("ocfs2")).hasValueSatisfying(r -> {
            assertThat(r.generation()).isEqualTo(3);
            assertThat(r.lists("vm-host02")).isTrue();
            assertThat(r.writtenBy()).isEqualTo("vm-host01");
            assertThat(r.writtenAt()).isEqualTo(CLOCK.instant());
        });
        new PoolRecords(() -> List.of(b), "vm-host02", CLOCK).publish(new GenerationRef(4, "sum-4", "7"),
                config("vm-host01"));
        assertThat(records.newest("ocfs2")).hasValueSatisfying(r -> assertThat(r.generation()).isEqualTo(4));
        // a late writer of an older generation changes nothing
        records.publish(new GenerationRef(3, "sum-3", "7"), config("vm-host01", "vm-host02"));
        assertThat(new PoolRecords(() -> List.of(b), "x", CLOCK).newest("ocfs2"))
                .hasValueSatisfying(r -> assertThat(r.generation()).isEqualTo(4));
        assertThat(records.newest("other-cluster")).isEmpty();
    }

    /**
     * Every member publishes each committed generation into the same shared volume at about the same time (seen in
     * e2e/kvm as "No content to map" and EEXIST in the agents' logs while they shared one temporary file name): a
     * reader never sees an empty or partial record, and no writer's rename fails.
     */
    @Test
    void membersPublishingAtOnceNeverLeaveAPartialRecord() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Path file = PoolRecords.path(shared, "ocfs2");
        int generations = 300;
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<String> badReads = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Thread reader = Thread.ofPlatform().start(() -> {
            com.fasterxml.jackson.databind.ObjectMapper json = io.o2pool.agent.api.Json.mapper();
            while (writing.get()) {
                try {
                    byte[] bytes = Files.readAllBytes(file);
                    json.readValue(bytes, PoolRecord.class);
                } catch (java.nio.file.NoSuchFileException e) {
                    // not written yet
                } catch (Exception e) {
                    badReads.add(e.toString());
                }
            }
        });
        List<Thread> writers = new java.util.ArrayList<>();
        for (int n = 0; n < 4; n++) {
            PoolRecords member = new PoolRecords(() -> List.of(shared), "vm-host0" + n, CLOCK);
            writers.add(Thread.ofPlatform().start(() -> {
                for (int g = 1; g <= generations; g++) {
                    member.publish(new GenerationRef(g, "sum-" + g, "7"), config("vm-host00", "vm-host01"));
                }
            }));
        }
        for (Thread w : writers) {
            w.join();
        }
        writing.set(false);
        reader.join();

        assertThat(badReads).as("reads of a record being written").isEmpty();
        assertThat(new PoolRecords(() -> List.of(shared), "x", CLOCK).newest("ocfs2"))
                .hasValueSatisfying(r -> assertThat(r.generation()).isEqualTo(generations));
        try (var left = Files.list(file.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .containsExactly(PoolRecords.FILE);
        }
    }

    @Test
    void anUnwritableRepositoryIsSkippedNotFatal() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Path ok = Files.createDirectories(dir.resolve("ok"));
        PoolRecords records = new PoolRecords(() -> List.of(file, ok), "vm-host01", CLOCK);
        records.publish(new GenerationRef(1, "s", "7"), config("vm-host01"));
        assertThat(PoolRecords.path(ok, "ocfs2")).exists();
        assertThat(records.newest("ocfs2")).isPresent();
    }

    @Test
    void theJournalReadsBackWhatItWroteAndNamesABadLine() throws Exception {
        StackJournal journal = new StackJournal(dir, CLOCK);
        journal.append(StackJournal.Event.ONLINE, config("vm-host01", "vm-host02"), 3, "STARTED: cluster ocfs2 online");
        journal.append(StackJournal.Event.OFFLINE, null, 3, "STOPPED");
        List<StackJournal.Entry> entries = StackJournal.read(dir);
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).nodes()).containsExactly(0, 1);
        assertThat(entries.get(0).generation()).isEqualTo(3);
        assertThat(entries.get(0).detail()).isEqualTo("STARTED: cluster ocfs2 online");
        assertThat(entries.get(1).event()).isEqualTo(StackJournal.Event.OFFLINE);
        assertThat(entries.get(1).nodes()).isEmpty();
        Files.writeString(dir.resolve(StackJournal.FILE), "garbage\n", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> StackJournal.read(dir)).hasMessageContaining("line 3").hasMessageContaining("garbage");
    }
}
