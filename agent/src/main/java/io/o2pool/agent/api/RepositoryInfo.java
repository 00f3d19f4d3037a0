package io.o2pool.agent.api;

/**
 * A repository as the agent sees it: its UUID (from the {@code .o2pool-repository} id file or the OCFS2 superblock),
 * {@code type} ({@code directory} or {@code ocfs2}), the path or device, where it is mounted, and the mount mode
 * ({@code heartbeat=local}, {@code heartbeat=none}, or {@code none} for a directory).
 */
public record RepositoryInfo(String uuid, String type, String source, String mountPoint, String mountMode) {
}
