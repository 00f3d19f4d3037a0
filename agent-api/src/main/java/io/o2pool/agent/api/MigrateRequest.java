package io.o2pool.agent.api;

/**
 * Body of {@code POST /v1/vms/{name}/migrate}: live-migrate the VM from the server asked to {@code destination}
 * (as that server's {@code GET /v1/vms/endpoint} answered), waiting at most {@code timeoutSeconds} (1–3600, 0 for
 * the default of 300) before the migration is cancelled and the VM keeps running on the source.
 */
public record MigrateRequest(VmEndpoint destination, int timeoutSeconds) {
}
