package io.o2pool.ocfs2.conf;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A node to add to a cluster: its name (the server's host name), an explicit node number or none for the lowest
 * free one, its IPv4 address and its port. Values are checked by {@link ConfEditor#addNode}, not here, so that a
 * refusal carries the o2cb tool's message.
 */
public record NewNode(String name, OptionalLong number, String ipAddress, long port) {
    public NewNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(ipAddress, "ipAddress");
    }

    /** A node with the lowest free number and the default port 7777. */
    public static NewNode of(String name, String ipAddress) {
        return new NewNode(name, OptionalLong.empty(), ipAddress, StrictRules.DEFAULT_PORT);
    }

    public NewNode withNumber(long newNumber) {
        return new NewNode(name, OptionalLong.of(newNumber), ipAddress, port);
    }

    public NewNode withPort(long newPort) {
        return new NewNode(name, number, ipAddress, newPort);
    }
}
