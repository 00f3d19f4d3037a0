package io.o2pool.ocfs2.conf;

import java.util.Objects;

/**
 * Something in a loaded cluster.conf that ocfs2-tools accepts but o2pool's strict rules would refuse (a duplicate
 * node number, number 300, port 99999, an inconsistent node_count ...) or that a rewrite will drop (unknown keys,
 * orphan nodes). Loading still succeeds; o2pool never writes such a value itself. Line and column are 1-based, or
 * 0 when the warning comes from a model that was not read from a file.
 */
public record ConfWarning(int line, int column, String message) {
    public ConfWarning {
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return line > 0 ? "line " + line + ", column " + column + ": " + message : message;
    }
}
