package io.o2pool.manager.store;

import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.model.JobStatus;
import io.o2pool.manager.model.JobStep;
import io.o2pool.manager.model.StepStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Reads and writes jobs and their ordered steps. Thread-safe. */
public final class JobStore {
    private static final String COLUMNS = "id, pool_id, kind, status, server_id, retry_of, input, state, error_step,"
            + " error_message, created_at, started_at, finished_at, created_by";

    private final Jdbi jdbi;

    public JobStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Inserts a QUEUED job the manager queued itself (no user), with its steps all PENDING. */
    public Job insert(Handle h, long poolId, JobKind kind, Long serverId, Long retryOf, String input,
                      List<String> stepNames, Instant now) {
        return insert(h, poolId, kind, serverId, retryOf, input, stepNames, now, null);
    }

    /** Inserts a QUEUED job asked for by {@code createdBy} (null: the manager itself), steps all PENDING. */
    public Job insert(Handle h, long poolId, JobKind kind, Long serverId, Long retryOf, String input,
                      List<String> stepNames, Instant now, String createdBy) {
        long id = h.createUpdate("INSERT INTO jobs (pool_id, kind, status, server_id, retry_of, input, state,"
                        + " created_at, created_by) VALUES (:pool, :kind, :status, :server, :retry, :input, '{}',"
                        + " :now, :by)")
                .bind("pool", poolId).bind("kind", kind.name()).bind("status", JobStatus.QUEUED.name())
                .bind("server", serverId).bind("retry", retryOf).bind("input", input).bind("now", Millis.of(now))
                .bind("by", createdBy)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        for (int seq = 0; seq < stepNames.size(); seq++) {
            h.createUpdate("INSERT INTO job_steps (job_id, seq, name, status) VALUES (:job, :seq, :name, :status)")
                    .bind("job", id).bind("seq", seq).bind("name", stepNames.get(seq))
                    .bind("status", StepStatus.PENDING.name()).execute();
        }
        return find(h, id).orElseThrow();
    }

    public Optional<Job> find(long id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    public Optional<Job> find(Handle h, long id) {
        Optional<Job> job = h.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> map(rs, List.of())).findOne();
        return job.map(j -> withSteps(j, steps(h, j.id())));
    }

    /** Jobs newest first, optionally only one pool's; at most {@code limit}. */
    public List<Job> list(Long poolId, int limit) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT " + COLUMNS + " FROM jobs"
                    + (poolId == null ? "" : " WHERE pool_id = :pool") + " ORDER BY id DESC");
            if (poolId != null) {
                q.bind("pool", poolId);
            }
            q.setMaxRows(limit);
            return q.map((rs, ctx) -> map(rs, List.of())).list().stream()
                    .map(j -> withSteps(j, steps(h, j.id()))).toList();
        });
    }

    /** Ids of jobs in the given status, oldest first. */
    public List<Long> idsWithStatus(JobStatus status) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM jobs WHERE status = :s ORDER BY id")
                .bind("s", status.name()).mapTo(Long.class).list());
    }

    /** The oldest QUEUED job of a pool, if any. */
    public Optional<Long> oldestQueued(long poolId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM jobs WHERE pool_id = :p AND status = :s"
                        + " ORDER BY id").bind("p", poolId).bind("s", JobStatus.QUEUED.name())
                .mapTo(Long.class).findFirst());
    }

    /** Whether the pool has a job queued, running or rolling back. */
    public boolean hasUnfinishedJob(long poolId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM jobs WHERE pool_id = :p AND status IN"
                        + " ('QUEUED', 'RUNNING', 'ROLLING_BACK')").bind("p", poolId).mapTo(Long.class).one()) > 0;
    }

    /** Pools that have queued jobs. */
    public List<Long> poolsWithQueuedJobs() {
        return jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT pool_id FROM jobs WHERE status = :s")
                .bind("s", JobStatus.QUEUED.name()).mapTo(Long.class).list());
    }

    public void setStatus(long id, JobStatus status, Instant now) {
        jdbi.useHandle(h -> {
            String timeColumn = switch (status) {
                case RUNNING -> "started_at";
                case SUCCEEDED, FAILED -> "finished_at";
                case QUEUED, ROLLING_BACK -> null;
            };
            var u = h.createUpdate("UPDATE jobs SET status = :s"
                    + (timeColumn == null ? "" : ", " + timeColumn + " = :now") + " WHERE id = :id");
            u.bind("s", status.name()).bind("id", id);
            if (timeColumn != null) {
                u.bind("now", Millis.of(now));
            }
            u.execute();
        });
    }

    public void setError(long id, String step, String message) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE jobs SET error_step = :step, error_message = :msg WHERE id = :id")
                .bind("step", step).bind("msg", message).bind("id", id).execute());
    }

    public void setState(long id, String stateJson) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE jobs SET state = :state WHERE id = :id")
                .bind("state", stateJson).bind("id", id).execute());
    }

    /**
     * Makes {@code stepNames} (all PENDING) the steps after step {@code seq}, replacing any there: a job that plans
     * in a step records the plan's steps this way, and planning again replaces them.
     */
    public void replaceStepsAfter(long jobId, int seq, List<String> stepNames) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM job_steps WHERE job_id = :j AND seq > :q").bind("j", jobId).bind("q", seq)
                    .execute();
            for (int i = 0; i < stepNames.size(); i++) {
                h.createUpdate("INSERT INTO job_steps (job_id, seq, name, status) VALUES (:job, :seq, :name, :status)")
                        .bind("job", jobId).bind("seq", seq + 1 + i).bind("name", stepNames.get(i))
                        .bind("status", StepStatus.PENDING.name()).execute();
            }
        });
    }

    public void setStep(long jobId, int seq, StepStatus status, String message, Instant now) {
        jdbi.useHandle(h -> {
            String timeColumn = switch (status) {
                case RUNNING -> "started_at";
                case SUCCEEDED, FAILED, ROLLED_BACK -> "finished_at";
                case PENDING -> null;
            };
            var u = h.createUpdate("UPDATE job_steps SET status = :s, message = :m"
                    + (timeColumn == null ? "" : ", " + timeColumn + " = :now") + " WHERE job_id = :j AND seq = :q");
            u.bind("s", status.name()).bind("m", message).bind("j", jobId).bind("q", seq);
            if (timeColumn != null) {
                u.bind("now", Millis.of(now));
            }
            u.execute();
        });
    }

    private static List<JobStep> steps(Handle h, long jobId) {
        return h.createQuery("SELECT seq, name, status, message, started_at, finished_at FROM job_steps"
                        + " WHERE job_id = :j ORDER BY seq").bind("j", jobId)
                .map((rs, ctx) -> new JobStep(rs.getInt("seq"), rs.getString("name"),
                        StepStatus.valueOf(rs.getString("status")), rs.getString("message"),
                        Millis.read(rs, "started_at"), Millis.read(rs, "finished_at")))
                .list();
    }

    private static Job withSteps(Job j, List<JobStep> steps) {
        return new Job(j.id(), j.poolId(), j.kind(), j.status(), j.serverId(), j.retryOf(), j.input(), j.state(),
                j.errorStep(), j.errorMessage(), j.createdAt(), j.startedAt(), j.finishedAt(), steps, j.createdBy());
    }

    private static Job map(ResultSet rs, List<JobStep> steps) throws SQLException {
        return new Job(
                rs.getLong("id"),
                rs.getLong("pool_id"),
                JobKind.valueOf(rs.getString("kind")),
                JobStatus.valueOf(rs.getString("status")),
                Millis.readLong(rs, "server_id"),
                Millis.readLong(rs, "retry_of"),
                rs.getString("input"),
                rs.getString("state"),
                rs.getString("error_step"),
                rs.getString("error_message"),
                Millis.read(rs, "created_at"),
                Millis.read(rs, "started_at"),
                Millis.read(rs, "finished_at"),
                steps,
                rs.getString("created_by"));
    }
}
