package io.o2pool.manager.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.o2pool.manager.TestPools;
import io.o2pool.manager.api.Json;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.JobStatus;
import io.o2pool.manager.model.JobStep;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.StepStatus;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job engine with a scripted handler: order, rollback, one job per pool, restart recovery, linked retries. */
class JobEngineTest {
    @TempDir
    Path dir;
    TestPools t;
    Pool pool1;
    Pool pool2;
    Script script = new Script();

    /** A handler with steps a, b, c that records runs and undos and fails where told. */
    static final class Script implements JobHandler {
        final List<String> log = new CopyOnWriteArrayList<>();
        volatile String failAt;
        volatile Set<String> notResumable = Set.of();

        @Override
        public JobKind kind() {
            return JobKind.CHANGE_TIMEOUTS;
        }

        @Override
        public List<String> steps(ObjectNode input) {
            return List.of("a", "b", "c");
        }

        @Override
        public void run(String step, JobContext ctx) throws StepFailedException {
            log.add(ctx.jobId() + " run " + step);
            ctx.state().put("last", step);
            if (step.equals(failAt)) {
                throw new StepFailedException("step " + step + " failed on purpose");
            }
        }

        @Override
        public void undo(String step, JobContext ctx) {
            log.add(ctx.jobId() + " undo " + step);
        }

        @Override
        public boolean resumable(String step) {
            return !notResumable.contains(step);
        }

        @Override
        public void succeeded(JobContext ctx) {
            log.add(ctx.jobId() + " succeeded");
        }

        @Override
        public void failed(JobContext ctx, String step, String reason) {
            log.add(ctx.jobId() + " failed at " + step);
        }
    }

    @BeforeEach
    void setUp() {
        t = new TestPools(dir);
        t.engine(List.of(script));
        pool1 = t.pool("p1");
        pool2 = t.pool("p2");
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    private Job enqueue(Pool pool) {
        return t.store.jdbi().inTransaction(h -> t.engine.enqueue(h, pool.id(), JobKind.CHANGE_TIMEOUTS, null, null,
                Json.mapper().createObjectNode()));
    }

    private Job job(long id) {
        return t.store.jobs().find(id).orElseThrow();
    }

    private static List<StepStatus> statuses(Job j) {
        return j.steps().stream().map(JobStep::status).toList();
    }

    @Test
    void runsStepsInOrderAndPersistsThem() {
        Job j = enqueue(pool1);
        assertThat(job(j.id()).status()).isEqualTo(JobStatus.QUEUED);
        t.engine.dispatch(pool1.id());
        Job done = job(j.id());
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(statuses(done)).containsOnly(StepStatus.SUCCEEDED);
        assertThat(done.startedAt()).isNotNull();
        assertThat(done.finishedAt()).isNotNull();
        assertThat(done.state()).contains("\"last\":\"c\"");
        assertThat(script.log).containsExactly(j.id() + " run a", j.id() + " run b", j.id() + " run c",
                j.id() + " succeeded");
    }

    @Test
    void aFailedStepUndoesItselfAndTheEarlierStepsInReverse() {
        script.failAt = "b";
        Job j = enqueue(pool1);
        t.engine.dispatch(pool1.id());
        Job done = job(j.id());
        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.errorStep()).isEqualTo("b");
        assertThat(done.errorMessage()).isEqualTo("step b failed on purpose");
        assertThat(statuses(done)).containsExactly(StepStatus.ROLLED_BACK, StepStatus.FAILED, StepStatus.PENDING);
        long id = j.id();
        assertThat(script.log).containsExactly(id + " run a", id + " run b", id + " undo b", id + " undo a",
                id + " failed at b");
        assertThat(t.store.events().listAfter(0, 100)).extracting(e -> e.kind()).contains("job.failed");
    }

    @Test
    void oneJobPerPoolAtATimeOthersQueue() {
        Queue<Runnable> pending = new ArrayDeque<>();
        t.engine = new JobEngine(t.store, List.of(script), pending::add, t.clock, t.pacer, Json.mapper(),
                new SimpleMeterRegistry());
        Job first = enqueue(pool1);
        Job second = enqueue(pool1);
        Job other = enqueue(pool2);
        t.engine.dispatch(pool1.id());
        t.engine.dispatch(pool1.id());
        t.engine.dispatch(pool2.id());
        assertThat(pending).hasSize(2);
        assertThat(job(first.id()).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(job(second.id()).status()).isEqualTo(JobStatus.QUEUED);
        assertThat(job(other.id()).status()).isEqualTo(JobStatus.RUNNING);
        pending.poll().run(); // finishes the first job of pool1, which dispatches the second
        assertThat(job(first.id()).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job(second.id()).status()).isEqualTo(JobStatus.RUNNING);
        while (!pending.isEmpty()) {
            pending.poll().run();
        }
        assertThat(List.of(job(second.id()).status(), job(other.id()).status()))
                .containsOnly(JobStatus.SUCCEEDED);
    }

    @Test
    void afterARestartARunningJobResumesAtTheInterruptedStep() {
        Job j = enqueue(pool1);
        simulateCrashDuringStep(j, 1);
        t.engine(List.of(script)).recover();
        Job done = job(j.id());
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(script.log).containsExactly(j.id() + " run b", j.id() + " run c", j.id() + " succeeded");
        assertThat(t.store.events().listAfter(0, 100)).extracting(e -> e.kind()).contains("job.recovered");
    }

    @Test
    void afterARestartANonResumableStepRollsTheJobBack() {
        Job j = enqueue(pool1);
        simulateCrashDuringStep(j, 1);
        script.notResumable = Set.of("b");
        t.engine(List.of(script)).recover();
        Job done = job(j.id());
        assertThat(done.status()).isEqualTo(JobStatus.FAILED);
        assertThat(done.errorMessage()).contains("interrupted by a manager restart");
        assertThat(script.log).containsExactly(j.id() + " undo b", j.id() + " undo a", j.id() + " failed at b");
    }

    @Test
    void afterARestartAnInterruptedRollbackContinues() {
        Job j = enqueue(pool1);
        t.store.jobs().setStatus(j.id(), JobStatus.ROLLING_BACK, t.clock.instant());
        t.store.jobs().setError(j.id(), "c", "boom");
        t.store.jobs().setStep(j.id(), 0, StepStatus.SUCCEEDED, null, t.clock.instant());
        t.store.jobs().setStep(j.id(), 1, StepStatus.ROLLED_BACK, null, t.clock.instant());
        t.store.jobs().setStep(j.id(), 2, StepStatus.FAILED, "boom", t.clock.instant());
        t.engine(List.of(script)).recover();
        assertThat(job(j.id()).status()).isEqualTo(JobStatus.FAILED);
        assertThat(script.log).containsExactly(j.id() + " undo c", j.id() + " undo a", j.id() + " failed at c");
    }

    @Test
    void aRetryIsANewJobLinkedToTheFailedOne() {
        script.failAt = "c";
        Job j = enqueue(pool1);
        t.engine.dispatch(pool1.id());
        script.failAt = null;
        Job retry = t.engine.retry(j.id());
        assertThat(retry.id()).isNotEqualTo(j.id());
        Job done = job(retry.id());
        assertThat(done.retryOf()).isEqualTo(j.id());
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job(j.id()).status()).isEqualTo(JobStatus.FAILED);
    }

    /** Leaves the job as a manager killed mid-step would: RUNNING, earlier steps SUCCEEDED, one step RUNNING. */
    private void simulateCrashDuringStep(Job j, int seq) {
        t.store.jobs().setStatus(j.id(), JobStatus.RUNNING, t.clock.instant());
        List<JobStep> steps = new ArrayList<>(j.steps());
        for (int i = 0; i < seq; i++) {
            t.store.jobs().setStep(j.id(), steps.get(i).seq(), StepStatus.SUCCEEDED, null, t.clock.instant());
        }
        t.store.jobs().setStep(j.id(), seq, StepStatus.RUNNING, null, t.clock.instant());
    }
}
