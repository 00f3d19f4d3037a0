package io.o2pool.cli.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the demo keeps everything: one folder per server (agent state, its cluster.conf, o2cb defaults, hosts file,
 * its libvirtd when the VMs are real),
 * the shared repository folder every server sees, and the manager's data. Servers are {@code vm-host01..N} on
 * {@code 127.0.1.1..N}, so each has its own loopback address and nothing leaves the machine.
 */
record DemoLayout(Path root, int servers) {
    static final int AGENT_PORT = 8899;

    Path repository() {
        return root.resolve("repository");
    }

    Path managerData() {
        return root.resolve("manager");
    }

    Path agentPasswordFile() {
        return root.resolve("agent-password");
    }

    /** What scripts/build-tiny-guest.sh printed. */
    Path tinyGuestLog() {
        return root.resolve("tiny-guest-build.log");
    }

    List<DemoServer> serverList() {
        List<DemoServer> list = new ArrayList<>();
        for (int i = 1; i <= servers; i++) {
            list.add(new DemoServer(String.format("vm-host%02d", i), "127.0.1." + i, root.resolve("servers")
                    .resolve(String.format("vm-host%02d", i))));
        }
        return list;
    }

    /** One demo server: node name, loopback address and its folder. */
    record DemoServer(String name, String address, Path dir) {
        Path stateDir() {
            return dir.resolve("state");
        }

        Path clusterConf() {
            return dir.resolve("etc/ocfs2/cluster.conf");
        }

        Path o2cbDefaults() {
            return dir.resolve("etc/default/o2cb");
        }

        Path hostsFile() {
            return dir.resolve("etc/hosts");
        }

        Path log() {
            return dir.resolve("agent.log");
        }

        /** The server's libvirtd: its state, logs and (symlinked) sockets, when the demo runs real VMs. */
        Path libvirtDir() {
            return dir.resolve("libvirt");
        }
    }
}
