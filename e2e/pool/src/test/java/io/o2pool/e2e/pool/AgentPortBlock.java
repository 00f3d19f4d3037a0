package io.o2pool.e2e.pool;

import java.io.IOException;
import java.util.List;

/**
 * Blocks TCP to one agent's port on its loopback address with an nftables rule in a table of its own, so the agent
 * stops answering while its cluster stack keeps heartbeating; {@link #close()} deletes the table. Needs root and nft;
 * {@link #available()} says whether this machine has both. Only 127.0.0.0/8 is ever named.
 */
final class AgentPortBlock implements AutoCloseable {
    private static final String TABLE = "o2pool_e2e_block";

    private AgentPortBlock() {
    }

    /** Whether this machine lets the test add (and delete) an nftables table: root, nft, a kernel with nf_tables. */
    static boolean available() {
        try {
            if (!"root".equals(System.getProperty("user.name")) || run(List.of("nft", "--version")) != 0) {
                return false;
            }
            boolean made = run(List.of("nft", "add table inet " + TABLE + "_probe")) == 0;
            run(List.of("nft", "delete table inet " + TABLE + "_probe"));
            return made;
        } catch (IOException e) {
            return false;
        }
    }

    /** Drops every TCP packet to {@code address:port} (an agent's HTTPS port) until closed. */
    static AgentPortBlock block(String address, int port) throws IOException {
        if (!address.startsWith("127.")) {
            throw new IllegalArgumentException(address + " is not a loopback address");
        }
        run(List.of("nft", "delete", "table", "inet", TABLE)); // a leftover of an aborted run
        for (String command : List.of("add table inet " + TABLE,
                "add chain inet " + TABLE + " out { type filter hook output priority 0 ; }",
                "add rule inet " + TABLE + " out ip daddr " + address + " tcp dport " + port + " drop")) {
            if (run(List.of("nft", command)) != 0) {
                throw new IOException("nft " + command + " failed");
            }
        }
        return new AgentPortBlock();
    }

    /**
     * Drops TCP from {@code from} to {@code to}:{@code port} only (one direction of the o2net matrix: a connection
     * made from {@code from}'s address), until closed.
     */
    static AgentPortBlock blockDirection(String from, String to, int port) throws IOException {
        if (!from.startsWith("127.") || !to.startsWith("127.")) {
            throw new IllegalArgumentException(from + " or " + to + " is not a loopback address");
        }
        run(List.of("nft", "delete", "table", "inet", TABLE));
        for (String command : List.of("add table inet " + TABLE,
                "add chain inet " + TABLE + " out { type filter hook output priority 0 ; }",
                "add rule inet " + TABLE + " out ip saddr " + from + " ip daddr " + to + " tcp dport " + port
                        + " drop")) {
            if (run(List.of("nft", command)) != 0) {
                throw new IOException("nft " + command + " failed");
            }
        }
        return new AgentPortBlock();
    }

    @Override
    public void close() throws IOException {
        run(List.of("nft", "delete", "table", "inet", TABLE));
    }

    private static int run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + command, e);
        }
    }
}
