package io.o2pool.manager.api;

import io.javalin.config.RoutesConfig;

/** One REST resource (one file each): registers its routes. */
public interface ApiResource {
    void register(RoutesConfig routes);
}
