package io.o2pool.agent.config;

import java.util.List;

/**
 * Validates a configuration generation before it is staged — cluster.conf and the o2cb defaults against the SPEC's
 * rules and each other. An interface so the {@code ocfs2} module's full validator can replace the agent's own.
 */
@FunctionalInterface
public interface ConfigValidator {
    /** Every problem found, empty when the change may be staged. Fields: {@code clusterConf}, {@code o2cbDefaults}, {@code poolId}. */
    List<FieldProblem> validate(String poolId, String clusterConf, String o2cbDefaults);
}
