package io.o2pool.e2e.pool;

import java.util.List;

/** The end-to-end Add Server suite with the manager on its embedded H2 database. */
class AddServerH2E2ETest extends AddServerE2ESuite {
    @Override
    List<String> dbArgs() {
        return List.of();
    }
}
