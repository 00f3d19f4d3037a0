package io.o2pool.e2e.pool;

import java.util.List;

/** The end-to-end Add Server suite with the manager on its embedded H2 database. */
class AddServerH2E2ETest extends AddServerE2ESuite {
    @Override
    List<String> dbArgs() {
        return List.of();
    }

    @Override
    java.sql.Connection openDatabase() throws Exception {
        return java.sql.DriverManager.getConnection("jdbc:h2:file:" + pool.manager().dataDir().toAbsolutePath()
                .resolve("o2pool"), "sa", "");
    }
}
