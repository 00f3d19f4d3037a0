package io.o2pool.cli.demo;

import io.o2pool.cli.demo.DemoLayout.DemoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Waits until every demo agent accepts connections, or fails naming the agent and its log. */
final class DemoAgents {
    private final DemoLayout layout;

    DemoAgents(DemoLayout layout) {
        this.layout = layout;
    }

    void awaitHealthy(AgentProcesses agents, Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        List<Process> processes = agents.all();
        List<DemoServer> servers = layout.serverList();
        for (int i = 0; i < servers.size(); i++) {
            DemoServer s = servers.get(i);
            while (!accepts(s)) {
                if (!processes.get(i).isAlive()) {
                    throw new IOException("the agent of " + s.name() + " exited with code " + processes.get(i)
                            .exitValue() + "; its log " + s.log() + " ends with:\n" + tail(s));
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("the agent of " + s.name() + " did not listen on " + s.address() + ":"
                            + DemoLayout.AGENT_PORT + " within " + timeout.toSeconds() + " s; see " + s.log());
                }
                pause();
            }
        }
    }

    private static boolean accepts(DemoServer s) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(s.address(), DemoLayout.AGENT_PORT), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static String tail(DemoServer s) {
        try {
            List<String> lines = Files.readAllLines(s.log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
