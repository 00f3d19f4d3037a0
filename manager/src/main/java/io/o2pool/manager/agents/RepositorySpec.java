package io.o2pool.manager.agents;

import io.o2pool.manager.model.RepositoryType;

/**
 * The pool's shared repository as agents attach it.
 *
 * @param path the device or image path (OCFS2) or export (NFS)
 * @param uuid the filesystem UUID every server must see, or null while the pool has not learned it
 */
public record RepositorySpec(RepositoryType type, String path, String uuid) {
}
