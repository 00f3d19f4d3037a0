package io.o2pool.manager.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.o2pool.manager.Operations;
import io.o2pool.manager.agents.AgentConnector;
import io.o2pool.manager.jobs.JobEngine;
import io.o2pool.manager.store.Store;
import java.time.Clock;
import java.time.Duration;

/**
 * What the REST resources share: the store, the job engine, the agent connector, the operations (for plans), JSON, the
 * clock and metrics.
 */
public record ApiDeps(Store store, JobEngine engine, AgentConnector agents, Operations operations, ObjectMapper json,
                      Clock clock,
                      PrometheusMeterRegistry metrics, Duration tokenTtl,
                      io.o2pool.manager.status.HeartbeatBoard heartbeats) {
}
