package io.o2pool.manager.vms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.o2pool.agent.api.VmDefinition;
import io.o2pool.manager.jobs.JobEngine;
import io.o2pool.manager.model.Job;
import io.o2pool.manager.model.Pool;
import io.o2pool.manager.model.Vm;
import io.o2pool.manager.model.VmState;
import io.o2pool.manager.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What the REST API, the CLI and the UI ask of VMs, as jobs: a request is checked here only for what the store alone
 * can tell (the VM exists, its name is free); everything about servers is the job's plan's business, so a refused
 * request shows the same findings {@code POST /api/vms/…/plan} would.
 */
public final class VmService {
    private final Store store;
    private final JobEngine engine;
    private final ObjectMapper json;
    private final Clock clock;

    public VmService(Store store, JobEngine engine, ObjectMapper json, Clock clock) {
        this.store = store;
        this.engine = engine;
        this.json = json;
        this.clock = clock;
    }

    /** A new VM's definition, validated by the caller ({@link VmDefinition}'s rules). */
    public record Spec(String name, int vcpus, int memoryMib, String image, boolean ha, String preferredServer) {
    }

    /** Records {@code spec} in {@code pool} (STOPPED) and queues the job that writes it to the repository. */
    public Job create(Pool pool, Spec spec, String user) {
        Instant now = clock.instant();
        String uuid = VmDefinition.defaultUuid(spec.name());
        Job job = store.jdbi().inTransaction(h -> {
            if (store.vms().findByName(h, spec.name()).isPresent()) {
                throw new IllegalStateException("a VM named " + spec.name() + " exists already");
            }
            Vm vm = store.vms().insert(h, new Vm(0, pool.id(), spec.name(), uuid, spec.vcpus(), spec.memoryMib(),
                    spec.image() == null ? "" : spec.image(), spec.ha(), spec.preferredServer(), null, VmState.STOPPED,
                    VmState.STOPPED, "defined, never started", now, now));
            return engine.enqueue(h, pool.id(), VmAction.CREATE.kind(), null, null,
                    VmOperation.input(json, vm, null, null), user);
        });
        return dispatched(job);
    }

    public Job start(Vm vm, String server, String user) {
        return queue(vm, VmAction.START, VmOperation.input(json, vm, server, null), user);
    }

    public Job stop(Vm vm, Duration timeout, String user) {
        return queue(vm, VmAction.STOP, VmOperation.input(json, vm, null, timeout), user);
    }

    public Job migrate(Vm vm, String to, String user) {
        return queue(vm, VmAction.MIGRATE, VmOperation.input(json, vm, to, null), user);
    }

    public Job delete(Vm vm, String user) {
        return queue(vm, VmAction.DELETE, VmOperation.input(json, vm, null, null), user);
    }

    private Job queue(Vm vm, VmAction action, ObjectNode input, String user) {
        Job job = store.jdbi().inTransaction(h -> engine.enqueue(h, vm.poolId(), action.kind(), vm.serverId(), null,
                input, user));
        return dispatched(job);
    }

    private Job dispatched(Job job) {
        store.events().append("job.queued", job.poolId(), job.serverId(), job.id(), "job " + job.id() + " "
                + job.kind() + " queued");
        engine.dispatch(job.poolId());
        return store.jobs().find(job.id()).orElse(job);
    }
}
