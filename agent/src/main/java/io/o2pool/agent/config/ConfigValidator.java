package io.o2pool.agent.config;

import java.util.List;

/**
 * Validates a configuration generation before it is staged — cluster.conf and the o2cb defaults against the SPEC's
 * rules and each other — and gives the stack's view of it, parsed once. An interface so the {@code ocfs2} module's
 * full validator can replace the agent's own.
 */
@FunctionalInterface
public interface ConfigValidator {
    /**
     * The generation parsed and checked: its stack view, or every problem found (fields {@code clusterConf},
     * {@code o2cbDefaults}, {@code poolId}).
     */
    ParsedConfig check(String poolId, String clusterConf, String o2cbDefaults);

    /** Every problem found, empty when the change may be staged. */
    default List<FieldProblem> validate(String poolId, String clusterConf, String o2cbDefaults) {
        return check(poolId, clusterConf, o2cbDefaults).problems();
    }
}
