package io.o2pool.agent.facts;

import io.o2pool.agent.api.StackDriverInfo;
import io.o2pool.agent.exec.CommandResult;
import io.o2pool.agent.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which cluster stack drivers this host can use: {@code userspace} always; {@code kernel} when ocfs2-tools answer
 * ({@code o2cb --version}) and the kernel has configfs (mounted, or listed in {@code /proc/filesystems}).
 */
public final class StackDetection {
    private final CommandRunner runner;
    private final Path configfsRoot;
    private final Path procFilesystems;
    private final String agentVersion;

    public StackDetection(CommandRunner runner, Path configfsRoot, Path procFilesystems, String agentVersion) {
        this.runner = runner;
        this.configfsRoot = configfsRoot;
        this.procFilesystems = procFilesystems;
        this.agentVersion = agentVersion;
    }

    public List<StackDriverInfo> drivers() {
        return List.of(new StackDriverInfo("userspace", true, agentVersion, null), kernel());
    }

    /** Whether the kernel driver is usable here. */
    public boolean kernelAvailable() {
        return kernel().available();
    }

    private StackDriverInfo kernel() {
        CommandResult version = runner.run(List.of("o2cb", "--version"));
        // o2cb 1.8.7 prints "o2cb 1.8.7" and exits 1; only the text tells it is installed
        if (!(version.stdout() + version.stderr()).strip().matches("o2cb \\S+")) {
            return new StackDriverInfo("kernel", false, null, "ocfs2-tools not installed (o2cb --version failed: "
                    + version.describe() + "); apt-get install ocfs2-tools");
        }
        String tools = (version.stdout() + version.stderr()).strip().replaceFirst("^o2cb\\s*", "");
        if (!configfs()) {
            return new StackDriverInfo("kernel", false, tools, "the kernel has no configfs (not in /proc/filesystems"
                    + " and " + configfsRoot + " absent); the kernel o2cb stack needs configfs and the ocfs2 modules");
        }
        return new StackDriverInfo("kernel", true, tools, null);
    }

    private boolean configfs() {
        if (Files.isDirectory(configfsRoot)) {
            return true;
        }
        try {
            return Files.isReadable(procFilesystems) && Files.readString(procFilesystems).contains("configfs");
        } catch (IOException e) {
            return false;
        }
    }
}
