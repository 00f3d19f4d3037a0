package io.o2pool.agent.pool;

import io.o2pool.agent.api.GenerationRef;
import io.o2pool.agent.config.ConfigApplier;
import io.o2pool.agent.stack.StackConfig;

/** Connects the configuration's changes to the pool record (each commit is published) and the stack (a forgotten pool). */
public final class PoolHooks implements ConfigApplier.Listener {
    private final PoolRecords records;
    private final AdmittedStack stack;

    public PoolHooks(PoolRecords records, AdmittedStack stack) {
        this.records = records;
        this.stack = stack;
    }

    @Override
    public void committed(GenerationRef live, StackConfig config) {
        records.publish(live, config);
    }

    @Override
    public void forgotten(GenerationRef forgotten, StackConfig config) {
        stack.forgotten(config, forgotten.generation());
    }
}
