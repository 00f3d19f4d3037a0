package io.o2pool.agent.http;

import io.o2pool.agent.AgentProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A test of one real agent process: its folders under {@link #root}, the process in {@link #agent}, stopped by PID. */
abstract class RealAgentTest {
    @TempDir
    Path root;
    AgentProcess agent;

    @AfterEach
    void stopAgent() {
        if (agent != null) {
            agent.close(); // by PID
        }
    }
}
