package io.o2pool.agent.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.agent.ConflictException;
import io.o2pool.agent.InvalidInputException;
import io.o2pool.agent.api.ChangeOutcome;
import io.o2pool.agent.api.ChangeResult;
import io.o2pool.agent.api.ConfigChecksum;
import io.o2pool.agent.api.ConfigStatus;
import io.o2pool.agent.api.GenerationRef;
import io.o2pool.agent.api.Json;
import io.o2pool.agent.api.StageRequest;
import io.o2pool.agent.stack.StackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster configuration as one versioned change: cluster.conf, the o2cb defaults file and the pool id, with a
 * generation number and checksum, applied in two phases. {@code stage} validates and writes the files beside the
 * live ones (fsynced); {@code commit} renames them into place under a commit journal, so a crash at any step is
 * completed by {@link #recover()} at the next start and the live files end as one whole generation. Repeating a
 * done step is a no-op; an older generation is refused; the previous generation is kept for rollback.
 * All methods are synchronized: one change at a time.
 */
public final class ConfigStore {
    private static final Logger log = LoggerFactory.getLogger(ConfigStore.class);
    private static final String STAGED_SUFFIX = ".o2pool-staged";

    private final ConfigFiles files;
    private final ConfigValidator validator;
    private final CrashPoints crash;
    private final ObjectMapper json = Json.mapper();
    /**
     * Configurations parsed once, by checksum: each staged generation's (from its validation, so the stack gets that
     * value at commit) and the live files' (re-read only when the files on disk change). A few entries at most.
     */
    private final Map<String, ParsedConfig> parsed = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ParsedConfig> eldest) {
            return size() > 4;
        }
    };

    /** The journal written before the first rename of a commit: what to roll forward to after a crash. */
    record CommitIntent(GenerationRef target, GenerationRef previous) {
    }

    /** What {@code live.json} holds. */
    record LiveRecord(GenerationRef live, GenerationRef previous) {
    }

    public ConfigStore(ConfigFiles files, ConfigValidator validator, CrashPoints crash) {
        this.files = files;
        this.validator = validator;
        this.crash = crash;
    }

    /** Completes or discards whatever a crash interrupted; call once at start before serving requests. */
    public synchronized String recover() {
        try {
            Optional<CommitIntent> intent = read(files.intent(), CommitIntent.class);
            String report;
            if (intent.isPresent()) {
                GenerationRef target = intent.get().target();
                replaceIfDifferent(files.clusterConf(), files.archived(target.generation(), ConfigFiles.CLUSTER_CONF));
                replaceIfDifferent(files.o2cbDefaults(), files.archived(target.generation(), ConfigFiles.O2CB));
                writeJson(files.live(), new LiveRecord(target, intent.get().previous()));
                dropStaged();
                AtomicFiles.deleteSynced(files.intent());
                report = "completed the interrupted commit of generation " + target.generation();
                log.warn("config: {}", report);
            } else {
                Optional<GenerationRef> staged = read(files.staged(), GenerationRef.class);
                if (staged.isPresent() && !stagedCopiesMatch(staged.get())) {
                    dropStaged();
                    report = "dropped staged generation " + staged.get().generation() + " whose files were incomplete";
                    log.warn("config: {}", report);
                } else if (staged.isEmpty()) {
                    dropStaged();
                    report = "no interrupted change";
                } else {
                    report = "generation " + staged.get().generation() + " remains staged";
                }
            }
            deleteQuietly(AtomicFiles.temporaryBeside(files.clusterConf()));
            deleteQuietly(AtomicFiles.temporaryBeside(files.o2cbDefaults()));
            pruneArchive();
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("config recovery failed in " + files.dir() + ": " + e.getMessage(), e);
        }
    }

    /** Validates and stages {@code request}; see the class comment for idempotence and ordering rules. */
    public synchronized ChangeResult stage(StageRequest request) {
        GenerationRef ref = checkRequest(request);
        LiveRecord live = liveRecord();
        if (live.live() != null) {
            long liveGen = live.live().generation();
            if (ref.generation() == liveGen && ref.checksum().equals(live.live().checksum())) {
                return new ChangeResult(ChangeOutcome.ALREADY_LIVE, ref, "generation " + liveGen + " is already live");
            }
            if (ref.generation() <= liveGen) {
                throw new ConflictException("generation " + ref.generation() + " is not newer than the live generation "
                        + liveGen + "; stage generation " + (liveGen + 1) + " or later");
            }
        }
        Optional<GenerationRef> staged = stagedRef();
        if (staged.isPresent()) {
            if (staged.get().equals(ref)) {
                return new ChangeResult(ChangeOutcome.ALREADY_STAGED, ref, "generation " + ref.generation() + " is already staged");
            }
            if (ref.generation() <= staged.get().generation()) {
                throw new ConflictException("generation " + staged.get().generation() + " is already staged"
                        + (ref.generation() == staged.get().generation() ? " with different content" : "")
                        + "; abort it or stage generation " + (staged.get().generation() + 1));
            }
        }
        try {
            crash.reached(CrashPoint.STAGE_BEGIN);
            byte[] conf = bytes(request.clusterConf());
            byte[] o2cb = bytes(request.o2cbDefaults());
            AtomicFiles.writeSynced(files.archived(ref.generation(), ConfigFiles.CLUSTER_CONF), conf, false);
            AtomicFiles.writeSynced(files.archived(ref.generation(), ConfigFiles.O2CB), o2cb, false);
            AtomicFiles.fsyncDirectory(files.archiveDir(ref.generation()));
            crash.reached(CrashPoint.STAGE_ARCHIVED);
            AtomicFiles.writeSynced(stagedCopy(files.clusterConf()), conf, false);
            AtomicFiles.fsyncDirectory(files.clusterConf().toAbsolutePath().getParent());
            AtomicFiles.writeSynced(stagedCopy(files.o2cbDefaults()), o2cb, false);
            AtomicFiles.fsyncDirectory(files.o2cbDefaults().toAbsolutePath().getParent());
            crash.reached(CrashPoint.STAGE_BESIDE_LIVE_WRITTEN);
            writeJson(files.staged(), ref);
            crash.reached(CrashPoint.STAGE_RECORDED);
            pruneArchive();
        } catch (IOException e) {
            throw new UncheckedIOException("staging generation " + ref.generation() + " failed: " + e.getMessage(), e);
        }
        log.info("config: staged generation {} (checksum {}, pool {})", ref.generation(), ref.checksum(), ref.poolId());
        return new ChangeResult(ChangeOutcome.STAGED, ref, "commit generation " + ref.generation() + " to make it live");
    }

    /** Makes the staged {@code generation} live; repeating a commit of the live generation is a no-op. */
    public synchronized ChangeResult commit(long generation) {
        checkGeneration(generation);
        LiveRecord live = liveRecord();
        if (live.live() != null && live.live().generation() == generation) {
            return new ChangeResult(ChangeOutcome.ALREADY_LIVE, live.live(), "generation " + generation + " is already live");
        }
        GenerationRef staged = stagedRef().filter(s -> s.generation() == generation).orElseThrow(() ->
                new ConflictException("generation " + generation + " is not staged (staged: "
                        + stagedRef().map(s -> "generation " + s.generation()).orElse("none") + "); stage it first"));
        if (!stagedCopiesMatch(staged)) {
            throw new ConflictException("the staged files of generation " + generation
                    + " changed on disk since staging; stage it again");
        }
        try {
            writeJson(files.intent(), new CommitIntent(staged, live.live()));
            crash.reached(CrashPoint.COMMIT_INTENT_RECORDED);
            AtomicFiles.renameSynced(stagedCopy(files.clusterConf()), files.clusterConf());
            crash.reached(CrashPoint.COMMIT_CLUSTER_CONF_RENAMED);
            AtomicFiles.renameSynced(stagedCopy(files.o2cbDefaults()), files.o2cbDefaults());
            crash.reached(CrashPoint.COMMIT_O2CB_RENAMED);
            writeJson(files.live(), new LiveRecord(staged, live.live()));
            crash.reached(CrashPoint.COMMIT_LIVE_RECORDED);
            AtomicFiles.deleteSynced(files.staged());
            AtomicFiles.deleteSynced(files.intent());
            crash.reached(CrashPoint.COMMIT_DONE);
            pruneArchive();
        } catch (IOException e) {
            throw new UncheckedIOException("committing generation " + generation + " failed: " + e.getMessage()
                    + "; the agent completes the commit at its next start", e);
        }
        log.info("config: generation {} is live (checksum {}, previous {})", generation, staged.checksum(),
                live.live() == null ? "none" : live.live().generation());
        return new ChangeResult(ChangeOutcome.COMMITTED, staged, "generation " + generation + " is live");
    }

    /**
     * Makes the kept previous {@code generation} live again, under the same commit journal as {@link #commit} (a
     * crash is completed at the next start). Only the live generation's predecessor is accepted; afterwards no
     * previous generation is kept (the rolled-back one is not a rollback target), and a repeated call for the now
     * live generation is a no-op. A staged generation stays staged.
     */
    public synchronized ChangeResult rollback(long generation) {
        checkGeneration(generation);
        LiveRecord live = liveRecord();
        if (live.live() != null && live.live().generation() == generation) {
            return new ChangeResult(ChangeOutcome.ALREADY_LIVE, live.live(), "generation " + generation + " is already live");
        }
        if (live.live() == null || live.previous() == null) {
            throw new ConflictException("no previous generation is kept (fewer than two commits so far, or a rollback "
                    + "already used it); nothing to roll back to");
        }
        GenerationRef previous = live.previous();
        if (previous.generation() != generation) {
            throw new ConflictException("generation " + generation + " is not the live generation "
                    + live.live().generation() + "'s predecessor; only generation " + previous.generation()
                    + " can be rolled back to");
        }
        Path conf = files.archived(generation, ConfigFiles.CLUSTER_CONF);
        Path o2cb = files.archived(generation, ConfigFiles.O2CB);
        if (!Files.isRegularFile(conf) || !Files.isRegularFile(o2cb) || !ConfigChecksum.of(previous.poolId(),
                readOrEmpty(conf), readOrEmpty(o2cb)).equals(previous.checksum())) {
            throw new ConflictException("the kept files of generation " + generation + " are missing or changed on disk "
                    + "under " + files.archiveDir(generation) + "; stage its content as a new generation instead");
        }
        try {
            writeJson(files.intent(), new CommitIntent(previous, null));
            AtomicFiles.write(files.clusterConf(), readOrEmpty(conf), false);
            AtomicFiles.write(files.o2cbDefaults(), readOrEmpty(o2cb), false);
            writeJson(files.live(), new LiveRecord(previous, null));
            AtomicFiles.deleteSynced(files.intent());
            pruneArchive();
        } catch (IOException e) {
            throw new UncheckedIOException("rolling back to generation " + generation + " failed: " + e.getMessage()
                    + "; the agent completes the rollback at its next start", e);
        }
        log.warn("config: rolled back from generation {} to generation {} (checksum {})", live.live().generation(),
                generation, previous.checksum());
        return new ChangeResult(ChangeOutcome.ROLLED_BACK, previous, "generation " + generation
                + " is live again (rolled back from generation " + live.live().generation() + ")");
    }

    /** Drops the staged {@code generation}; the live files are untouched. */
    public synchronized ChangeResult abort(long generation) {
        checkGeneration(generation);
        Optional<GenerationRef> staged = stagedRef();
        if (staged.isEmpty()) {
            return new ChangeResult(ChangeOutcome.NOTHING_STAGED, null, "nothing is staged");
        }
        if (staged.get().generation() != generation) {
            throw new ConflictException("generation " + staged.get().generation() + " is staged, not " + generation
                    + "; abort generation " + staged.get().generation());
        }
        try {
            dropStaged();
            pruneArchive();
        } catch (IOException e) {
            throw new UncheckedIOException("aborting generation " + generation + " failed: " + e.getMessage(), e);
        }
        log.info("config: aborted staged generation {}", generation);
        return new ChangeResult(ChangeOutcome.ABORTED, staged.get(), "staged generation " + generation + " dropped");
    }

    /**
     * Leaves the pool {@code poolId}: drops any staged generation, removes the live cluster.conf (the o2cb defaults
     * file stays: it belongs to the host's ocfs2-tools) and the live record, so nothing is live and the next pool may
     * stage any generation. The live generation's files stay in the archive
     * ({@code generations/<n>/}) for the sysadmin until the next pool's first change. Idempotent; refused for another pool's configuration.
     */
    public synchronized ChangeResult forget(String poolId) {
        LiveRecord live = liveRecord();
        if (live.live() == null) {
            return new ChangeResult(ChangeOutcome.NOTHING_LIVE, null, "no configuration is live; nothing to forget");
        }
        if (!live.live().poolId().equals(poolId)) {
            throw new ConflictException("the live configuration (generation " + live.live().generation()
                    + ") belongs to pool " + live.live().poolId() + ", not " + poolId + "; nothing was forgotten");
        }
        try {
            dropStaged();
            AtomicFiles.deleteSynced(files.clusterConf());
            AtomicFiles.deleteSynced(files.live());
        } catch (IOException e) {
            throw new UncheckedIOException("forgetting pool " + poolId + " failed: " + e.getMessage(), e);
        }
        log.info("config: left pool {}: generation {} is no longer live (its files stay in {})", poolId,
                live.live().generation(), files.archiveDir(live.live().generation()));
        return new ChangeResult(ChangeOutcome.FORGOTTEN, live.live(), "left pool " + poolId + ": " + files.clusterConf()
                + " removed; generation " + live.live().generation() + "'s files kept in "
                + files.archiveDir(live.live().generation()));
    }

    /** Live, staged and previous generations, and whether the live files drifted from the live checksum. */
    public synchronized ConfigStatus status() {
        LiveRecord live = liveRecord();
        String poolId = live.live() == null ? "" : live.live().poolId();
        String disk = ConfigChecksum.of(poolId, readOrEmpty(files.clusterConf()), readOrEmpty(files.o2cbDefaults()));
        boolean drift = live.live() != null && !disk.equals(live.live().checksum());
        return new ConfigStatus(live.live(), stagedRef().orElse(null), live.previous(), drift, disk);
    }

    /** The live files as they are on disk now, with the live generation and whether they drifted from it. */
    public synchronized io.o2pool.agent.api.LiveConfig live() {
        ConfigStatus status = status();
        List<String> problems = status.live() == null ? List.of() : parsedLive(status).messages();
        return new io.o2pool.agent.api.LiveConfig(status.live(), text(files.clusterConf()),
                text(files.o2cbDefaults()), status.diskChecksum(), status.drift(), problems);
    }

    /**
     * The stack's view of the live files as they are on disk now, parsed once per content: right after a commit it
     * is the value parsed when the generation was staged; after a hand edit the files are parsed again, strictly.
     *
     * @throws ConflictException naming each file, line and value that keeps the live files from being used (a bad
     *                           value is never replaced by its default) and how to fix it
     */
    public synchronized StackConfig liveStackConfig() {
        ParsedConfig live = parsedLive(status());
        if (live.config() == null) {
            throw new ConflictException("the live configuration cannot be used: " + String.join("; ", live.messages())
                    + "; correct the file or re-sync this server from the manager");
        }
        return live.config();
    }

    /**
     * The stack's view of the committed live generation (as staged and validated), whatever the files on disk say
     * now; empty before the first commit or when its kept files are gone.
     */
    public synchronized Optional<StackConfig> committedStackConfig() {
        GenerationRef live = liveRecord().live();
        if (live == null) {
            return Optional.empty();
        }
        ParsedConfig committed = parsed.get(live.checksum());
        if (committed == null) {
            Path conf = files.archived(live.generation(), ConfigFiles.CLUSTER_CONF);
            Path o2cb = files.archived(live.generation(), ConfigFiles.O2CB);
            if (!Files.isRegularFile(conf) || !Files.isRegularFile(o2cb)) {
                return Optional.empty();
            }
            committed = validator.check(live.poolId(), text(conf), text(o2cb));
            parsed.put(live.checksum(), committed);
        }
        return Optional.ofNullable(committed.config());
    }

    private ParsedConfig parsedLive(ConfigStatus status) {
        return parsed.computeIfAbsent(status.diskChecksum(), checksum -> Ocfs2ConfigValidator.readLive(
                files.clusterConf().toString(), text(files.clusterConf()), files.o2cbDefaults().toString(),
                text(files.o2cbDefaults())));
    }

    /** The full content of the previous generation, for a rollback the manager stages as a new generation. */
    public synchronized Optional<StageRequest> previous() {
        GenerationRef previous = liveRecord().previous();
        if (previous == null) {
            return Optional.empty();
        }
        return Optional.of(new StageRequest(previous.generation(), previous.poolId(),
                text(files.archived(previous.generation(), ConfigFiles.CLUSTER_CONF)),
                text(files.archived(previous.generation(), ConfigFiles.O2CB)), previous.checksum()));
    }

    private GenerationRef checkRequest(StageRequest request) {
        checkGeneration(request.generation());
        ParsedConfig checked = validator.check(request.poolId(), request.clusterConf(), request.o2cbDefaults());
        List<FieldProblem> problems = checked.problems();
        if (!problems.isEmpty()) {
            FieldProblem first = problems.get(0);
            String all = String.join("; ", problems.stream().map(p -> p.field() + ": " + p.message()).toList());
            throw new InvalidInputException(first.field(), all, first.line(), first.column());
        }
        String checksum = ConfigChecksum.of(request.poolId(), request.clusterConf(), request.o2cbDefaults());
        if (request.checksum() != null && !request.checksum().equalsIgnoreCase(checksum)) {
            throw new InvalidInputException("checksum", "checksum " + request.checksum()
                    + " does not match the content sent (" + checksum + "); the body was changed in transit or built wrongly");
        }
        parsed.put(checksum, checked);
        return new GenerationRef(request.generation(), checksum, request.poolId());
    }

    private static void checkGeneration(long generation) {
        if (generation < 1) {
            throw new InvalidInputException("generation", "generation " + generation + " must be 1 or more");
        }
    }

    private boolean stagedCopiesMatch(GenerationRef staged) {
        Path conf = stagedCopy(files.clusterConf());
        Path o2cb = stagedCopy(files.o2cbDefaults());
        return Files.isRegularFile(conf) && Files.isRegularFile(o2cb)
                && ConfigChecksum.of(staged.poolId(), readOrEmpty(conf), readOrEmpty(o2cb)).equals(staged.checksum());
    }

    private void dropStaged() throws IOException {
        AtomicFiles.deleteSynced(files.staged());
        deleteQuietly(stagedCopy(files.clusterConf()));
        deleteQuietly(stagedCopy(files.o2cbDefaults()));
    }

    /** Keeps only the archives of the live, previous and staged generations. */
    private void pruneArchive() throws IOException {
        LiveRecord live = liveRecord();
        Set<Long> keep = new java.util.HashSet<>();
        Stream.of(live.live(), live.previous(), stagedRef().orElse(null))
                .filter(java.util.Objects::nonNull).forEach(r -> keep.add(r.generation()));
        read(files.intent(), CommitIntent.class).ifPresent(i -> keep.add(i.target().generation()));
        for (long generation : files.archivedGenerations()) {
            if (!keep.contains(generation)) {
                files.deleteArchive(generation);
            }
        }
    }

    private void replaceIfDifferent(Path live, Path archived) throws IOException {
        byte[] wanted = Files.readAllBytes(archived);
        if (!Arrays.equals(readOrEmpty(live), wanted) || !Files.exists(live)) {
            AtomicFiles.write(live, wanted, false);
        }
        deleteQuietly(stagedCopy(live));
    }

    private LiveRecord liveRecord() {
        return read(files.live(), LiveRecord.class).orElse(new LiveRecord(null, null));
    }

    private Optional<GenerationRef> stagedRef() {
        return read(files.staged(), GenerationRef.class);
    }

    static Path stagedCopy(Path live) {
        return live.resolveSibling(live.getFileName() + STAGED_SUFFIX);
    }

    private <T> Optional<T> read(Path file, Class<T> type) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), type));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void writeJson(Path file, Object value) throws IOException {
        AtomicFiles.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(value), false);
    }

    private static byte[] readOrEmpty(Path file) {
        try {
            return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String text(Path file) {
        return new String(readOrEmpty(file), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) throws IOException {
        AtomicFiles.deleteSynced(file);
    }
}
