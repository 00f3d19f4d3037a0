package io.o2pool.manager.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What a running step sees: the job's input, its persisted state (facts earlier steps decided, such as the node number),
 * the store, the clock and the pacer. Notes added with {@link #note} become the step's message. Used by one thread.
 */
public final class JobContext {
    private final Job job;
    private final ObjectNode input;
    private final ObjectNode state;
    private final Store store;
    private final Clock clock;
    private final Pacer pacer;
    private final ObjectMapper json;
    private final List<String> notes = new ArrayList<>();
    private List<String> followingSteps;

    JobContext(Job job, Store store, Clock clock, Pacer pacer, ObjectMapper json) {
        this.job = job;
        this.store = store;
        this.clock = clock;
        this.pacer = pacer;
        this.json = json;
        try {
            this.input = (ObjectNode) json.readTree(job.input());
            this.state = (ObjectNode) json.readTree(job.state() == null || job.state().isBlank() ? "{}" : job.state());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + job.id() + " has unreadable input or state: " + e.getMessage(), e);
        }
    }

    public long jobId() {
        return job.id();
    }

    public long poolId() {
        return job.poolId();
    }

    /** The input as accepted by the API; read-only by convention. */
    public ObjectNode input() {
        return input;
    }

    /** Mutable state persisted after every step (and on {@link #saveState()}), so a restarted job sees it. */
    public ObjectNode state() {
        return state;
    }

    /** Persists the state now, e.g. after each member committed, so a crash mid-step loses nothing. */
    public void saveState() {
        store.jobs().setState(job.id(), stateJson());
    }

    String stateJson() {
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Store store() {
        return store;
    }

    public Clock clock() {
        return clock;
    }

    public Pacer pacer() {
        return pacer;
    }


    /** Adds a line to the running step's message (shown in the job's step list). */
    public void note(String line) {
        notes.add(line);
    }

    /**
     * Makes {@code steps} the steps that follow the running one (replacing any recorded before, so running the step
     * again is harmless); the engine records them when the running step succeeds. A job that plans in its first step
     * lists the plan's steps this way.
     */
    public void followWith(List<String> steps) {
        followingSteps = List.copyOf(steps);
    }

    /** The steps set by {@link #followWith} during the running step, then forgets them; null when none were set. */
    List<String> drainFollowingSteps() {
        List<String> steps = followingSteps;
        followingSteps = null;
        return steps;
    }

    String drainNotes() {
        String text = String.join("\n", notes);
        notes.clear();
        return text;
    }
}
