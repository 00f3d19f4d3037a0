package io.o2pool.manager.change;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One effect of a planned step on one server (or, for {@link ReserveGeneration} and {@link RecordGeneration}, on the
 * manager's own records). Effects are the instruction set of every cluster change: the planner emits them, the
 * {@link ChangeExecutor} runs them, and each has a defined undo, so the plan a user reviews is exactly what runs and
 * what would be undone. The plan-wide values (the generation, its files, the repository) live in {@link ChangePlan}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "effect")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Effect.ReserveGeneration.class, name = "reserve_generation"),
        @JsonSubTypes.Type(value = Effect.AssignNode.class, name = "assign_node"),
        @JsonSubTypes.Type(value = Effect.Enrol.class, name = "enrol"),
        @JsonSubTypes.Type(value = Effect.Stage.class, name = "stage"),
        @JsonSubTypes.Type(value = Effect.Commit.class, name = "commit"),
        @JsonSubTypes.Type(value = Effect.RecordGeneration.class, name = "record_generation"),
        @JsonSubTypes.Type(value = Effect.StartStack.class, name = "start_stack"),
        @JsonSubTypes.Type(value = Effect.StopStack.class, name = "stop_stack"),
        @JsonSubTypes.Type(value = Effect.DetachRepository.class, name = "detach_repository"),
        @JsonSubTypes.Type(value = Effect.ConvertRepository.class, name = "convert_repository"),
        @JsonSubTypes.Type(value = Effect.AttachRepository.class, name = "attach_repository"),
        @JsonSubTypes.Type(value = Effect.WaitLive.class, name = "wait_live"),
        @JsonSubTypes.Type(value = Effect.ForgetPool.class, name = "forget_pool"),
        @JsonSubTypes.Type(value = Effect.GrowSlots.class, name = "grow_slots"),
        @JsonSubTypes.Type(value = Effect.DefineVm.class, name = "define_vm"),
        @JsonSubTypes.Type(value = Effect.StartVm.class, name = "start_vm"),
        @JsonSubTypes.Type(value = Effect.StopVm.class, name = "stop_vm"),
        @JsonSubTypes.Type(value = Effect.MigrateVm.class, name = "migrate_vm"),
        @JsonSubTypes.Type(value = Effect.UndefineVm.class, name = "undefine_vm")})
public sealed interface Effect {
    /** The name {@link #target()} gives the manager's own records. */
    String MANAGER = "manager";

    /** The server this effect acts on, or {@value #MANAGER}. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    String target();

    /** An effect on one server's agent. */
    sealed interface OnServer extends Effect permits AssignNode, Enrol, Stage, Commit, StartStack, StopStack,
            DetachRepository, ConvertRepository, AttachRepository, ForgetPool, GrowSlots, OnVm {
        String server();

        @Override
        default String target() {
            return server();
        }
    }

    /** Reserves the plan's generation number in the pool (never reused, even when the job fails). Undo: none. */
    record ReserveGeneration(long generation) implements Effect {
        @Override
        public String target() {
            return MANAGER;
        }
    }

    /** Records the node number, node name and cluster address of a joining server. Undo: releases them. */
    record AssignNode(String server, int number, String nodeName, String ipAddress) implements OnServer {
    }

    /**
     * Enrols the manager with the joining server's agent: the agent records the manager's client certificate and from
     * then on accepts only it, and the manager erases the agent password it held for this server (used once). Undo:
     * none — the agent stays enrolled to this manager, which is what a retry or a later Add Server of it needs.
     */
    record Enrol(String server) implements OnServer {
    }

    /**
     * Stages the plan's files (cluster.conf and o2cb defaults) as its generation, not yet live; {@code diff} is the
     * unified diff from what the server runs now. Undo: abort the staged generation.
     */
    record Stage(String server, String diff) implements OnServer {
    }

    /**
     * Makes the staged generation live (the running stack learns added and removed nodes). Undo: when
     * {@code restorable} (the server ran the pool's previous files), those files go back as a newer generation;
     * otherwise (a newcomer) the committed files stay, inert, as no member lists the server.
     */
    record Commit(String server, boolean restorable) implements OnServer {
    }

    /**
     * Records in the manager that the pool runs the plan's generation (and timeouts) on {@code servers}. Undone with
     * the commits it records.
     */
    record RecordGeneration(List<String> servers) implements Effect {
        public RecordGeneration {
            servers = List.copyOf(servers);
        }

        @Override
        public String target() {
            return MANAGER;
        }
    }

    /** Brings the server's cluster stack online (register the cluster, heartbeat). Undo: stop it. */
    record StartStack(String server) implements OnServer {
    }

    /** Takes the server's cluster stack offline cleanly. Undo: start it. */
    record StopStack(String server) implements OnServer {
    }

    /** Unmounts (releases) the pool's repository on the server; idempotent. Undo: attach it. */
    record DetachRepository(String server) implements OnServer {
    }

    /**
     * Switches the OCFS2 repository from local to cluster mode with {@code slots} node slots ({@code tunefs.ocfs2 -M
     * cluster -N}). Undo: none (cluster mode is harmless to a local user).
     */
    record ConvertRepository(String server, int slots) implements OnServer {
    }

    /**
     * Raises the unmounted cluster volume's node slots to {@code slots} ({@code tunefs.ocfs2 -N}, offline only: the
     * plan unmounts it on every member first). Undo: none (more slots are harmless).
     */
    record GrowSlots(String server, int slots) implements OnServer {
    }

    /** Mounts (attaches) the pool's repository and verifies its UUID and mode. Undo: detach it. */
    record AttachRepository(String server) implements OnServer {
    }

    /**
     * Tells a server that left the cluster (its stack stopped) that it no longer belongs to the pool: its agent
     * removes the pool's live configuration and never starts the stack on it again. Undo: none (the last step of a
     * removal; the agent keeps the files in its archive).
     */
    record ForgetPool(String server) implements OnServer {
    }

    /**
     * Waits until every one of {@code servers} sees every node of {@code nodes} live, at most {@code boundMs}; the
     * step fails (and the job rolls back) after that. Undo: none.
     */
    record WaitLive(List<String> servers, List<Integer> nodes, long boundMs) implements Effect {
        public WaitLive {
            servers = List.copyOf(servers);
            nodes = List.copyOf(new java.util.TreeSet<>(nodes));
        }

        @Override
        public String target() {
            return String.join(", ", servers);
        }
    }

    /**
     * An effect on one VM through one server's agent. The agent holds the VM's ownership lease on the shared
     * repository while the VM runs there; it takes a lease another server holds only when its own disk heartbeat has
     * declared that server dead, so no plan can make a VM run twice (see docs/architecture.md, VM ownership).
     */
    sealed interface OnVm extends OnServer permits DefineVm, StartVm, StopVm, MigrateVm, UndefineVm {
        String vm();
    }

    /**
     * Writes the VM's definition to the pool's repository (so any member can start it) through the server's agent.
     * Undo: undefine it.
     */
    record DefineVm(String server, String vm) implements OnVm {
    }

    /** Starts the VM on the server, which first takes its ownership lease. Undo: force it off there. */
    record StartVm(String server, String vm) implements OnVm {
    }

    /**
     * Shuts the VM down on the server (ACPI), forces it off after {@code timeoutSeconds}, and releases its lease.
     * Undo: start it there again.
     */
    record StopVm(String server, String vm, long timeoutSeconds) implements OnVm {
    }

    /**
     * Live-migrates the running VM from the server to {@code to} (shared storage: memory only); the lease is handed
     * over with it. Undo: migrate it back.
     */
    record MigrateVm(String server, String vm, String to) implements OnVm {
    }

    /** Removes the VM's definition from the server's hypervisor and from the repository. Undo: none. */
    record UndefineVm(String server, String vm) implements OnVm {
    }
}
