package io.o2pool.agent.api;

import java.util.List;

/** Body answered by {@code POST /v1/preflight}: every finding at once; {@code ok} is false when any has severity ERROR. */
public record PreflightReport(boolean ok, List<Finding> findings) {
    public PreflightReport {
        findings = List.copyOf(findings);
    }

    /** A report whose {@code ok} follows from the findings. */
    public static PreflightReport of(List<Finding> findings) {
        return new PreflightReport(findings.stream().noneMatch(f -> f.severity() == Severity.ERROR), findings);
    }
}
