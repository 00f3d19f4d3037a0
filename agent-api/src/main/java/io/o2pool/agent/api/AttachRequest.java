package io.o2pool.agent.api;

/**
 * Body of {@code POST /v1/repository/attach}: {@code type} {@code directory} (a shared directory holding an
 * {@code .o2pool-repository} id file) or {@code ocfs2} (a device or image), its {@code path}, and optionally the
 * {@code uuid} the manager expects (the same on every server of a pool).
 */
public record AttachRequest(String type, String path, String uuid) {
}
