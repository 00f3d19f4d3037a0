package io.o2pool.ocfs2.tool;

import java.util.Arrays;
import java.util.Optional;

/**
 * The commands of {@code o2cb} 1.8.7 in the order its help lists them, with its usage and help texts. The last
 * five need the kernel's cluster stack; o2pool's o2cb only edits the configuration file and reports them as not
 * implemented.
 */
enum O2cbCommand {
    ADD_CLUSTER("add-cluster", "<clustername>", "Add cluster to the config file."),
    REMOVE_CLUSTER("remove-cluster", "<clustername>", "Removes cluster from the config file."),
    ADD_NODE("add-node", "[--ip <ip>] [--port <port>] [--number <num>] <clustername> <nodename>",
            "Adds a node to the cluster in the config file."),
    REMOVE_NODE("remove-node", "<clustername> <nodename>", "Removes a node from the cluster in the config file."),
    ADD_HEARTBEAT("add-heartbeat", "<clustername> [<uuid>|<device>]",
            "Adds a heartbeat region to the cluster in the config file."),
    REMOVE_HEARTBEAT("remove-heartbeat", "<clustername> [<uuid>|<device>]",
            "Removes a heartbeat region from the cluster in the config file."),
    HEARTBEAT_MODE("heartbeat-mode", "<clustername> {global|local}",
            "Toggles the heartbeat mode between global and local."),
    LIST_CLUSTERS("list-clusters", "", "Lists all the cluster names in the config file."),
    LIST_CLUSTER("list-cluster", "[--oneline] <clustername>",
            "Lists all the nodes and heartbeat regions associated with the cluster in the config file."),
    LIST_NODES("list-nodes", "[--oneline] <clustername>",
            "Lists all the nodes associated with the cluster in the config file. "),
    LIST_HEARTBEATS("list-heartbeats", "[--oneline] <clustername>",
            "Lists all the heartbeat regions associated with the cluster in the config file."),
    REGISTER_CLUSTER("register-cluster", "<clustername>", "Registers the cluster with configfs."),
    UNREGISTER_CLUSTER("unregister-cluster", "<clustername>", "Unregisters the cluster from configfs."),
    START_HEARTBEAT("start-heartbeat", "<clustername>", "Starts global heartbeat."),
    STOP_HEARTBEAT("stop-heartbeat", "<clustername>", "Stops global heartbeat."),
    CLUSTER_STATUS("cluster-status", "[<clustername>]", "Returns 0 if cluster online, 1 otherwise.");

    /** The first line of o2cb's usage. */
    static final String USAGE = "usage: o2cb [--config-file=path] [-h|--help] [-v|--verbose] [-V|--version] "
            + "COMMAND [ARGS]\n";

    private final String word;
    private final String usage;
    private final String help;

    O2cbCommand(String word, String usage, String help) {
        this.word = word;
        this.usage = usage;
        this.help = help;
    }

    String word() {
        return word;
    }

    /** The {@code o2cb: usage: ...} line printed when the command's arguments are wrong. */
    String usageLine() {
        return "o2cb: usage: " + word + " " + usage + "\n";
    }

    static Optional<O2cbCommand> of(String word) {
        return Arrays.stream(values()).filter(c -> c.word.equals(word)).findFirst();
    }

    /** o2cb's full usage text (printed on stderr by -h, a bad option, a missing or unknown command). */
    static String fullUsage() {
        StringBuilder text = new StringBuilder(USAGE).append("\nThe commands are:\n");
        for (O2cbCommand command : values()) {
            text.append(String.format("  %-18s  %s\n", command.word, command.help));
        }
        return text.append('\n').toString();
    }
}
