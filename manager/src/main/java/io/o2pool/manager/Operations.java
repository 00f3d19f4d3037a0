package io.o2pool.manager;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.manager.addserver.AddServerSettings;
import io.o2pool.manager.addserver.AddServersOperation;
import io.o2pool.manager.agents.AgentConnector;
import io.o2pool.manager.change.ChangeExecutor;
import io.o2pool.manager.change.ChangeJob;
import io.o2pool.manager.change.PlanCodec;
import io.o2pool.manager.change.PoolAgents;
import io.o2pool.manager.changetimeouts.ChangeTimeoutsOperation;
import io.o2pool.manager.drift.ResyncOperation;
import io.o2pool.manager.jobs.JobHandler;
import io.o2pool.manager.maintenance.MaintenanceOperation;
import io.o2pool.manager.model.JobKind;
import io.o2pool.manager.removeserver.RemoveServerOperation;
import io.o2pool.manager.vms.VmAction;
import io.o2pool.manager.vms.VmOperation;
import java.util.List;

/**
 * Every cluster-changing operation the manager runs, wired to one agent connector: the job engine runs them as
 * {@link ChangeJob}s and {@code POST /api/plan} asks the same objects for the same plans.
 */
public record Operations(AddServersOperation addServer, AddServersOperation batchAdd,
                         RemoveServerOperation removeServer, ChangeTimeoutsOperation changeTimeouts,
                         ResyncOperation resync, MaintenanceOperation enterMaintenance,
                         MaintenanceOperation exitMaintenance, java.util.Map<VmAction, VmOperation> vms,
                         PlanCodec codec, ChangeExecutor executor) {

    public static Operations over(AgentConnector connector, AddServerSettings settings, ObjectMapper json) {
        PoolAgents agents = new PoolAgents(connector);
        return new Operations(
                new AddServersOperation(JobKind.ADD_SERVER, agents, settings),
                new AddServersOperation(JobKind.BATCH_ADD, agents, settings),
                new RemoveServerOperation(agents),
                new ChangeTimeoutsOperation(agents, settings.liveTimeout()),
                new ResyncOperation(agents),
                MaintenanceOperation.enter(agents),
                MaintenanceOperation.exit(agents, settings.liveTimeout()),
                vmOperations(agents),
                new PlanCodec(json),
                new ChangeExecutor(agents, settings.pollInterval()));
    }

    private static java.util.Map<VmAction, VmOperation> vmOperations(PoolAgents agents) {
        java.util.Map<VmAction, VmOperation> ops = new java.util.EnumMap<>(VmAction.class);
        for (VmAction action : VmAction.values()) {
            ops.put(action, new VmOperation(action, agents));
        }
        return java.util.Collections.unmodifiableMap(ops);
    }

    /** The VM operation of {@code action}. */
    public VmOperation vm(VmAction action) {
        return vms.get(action);
    }

    /** One job handler per operation. */
    public List<JobHandler> handlers() {
        List<io.o2pool.manager.change.ChangeOperation> all = new java.util.ArrayList<>(List.of(addServer, batchAdd,
                removeServer, changeTimeouts, resync, enterMaintenance, exitMaintenance));
        all.addAll(vms.values());
        return all.stream().<JobHandler>map(op -> new ChangeJob(op, executor, codec)).toList();
    }
}
