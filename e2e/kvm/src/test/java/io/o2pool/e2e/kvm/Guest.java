package io.o2pool.e2e.kvm;

import io.o2pool.agent.client.AgentClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One running QEMU guest (software emulation): the Debian kernel with ocfs2-tools and the o2pool agent in its
 * initramfs. Commands run through its control channel; its agent (once {@link #startAgent started}) is reachable
 * only at {@code https://127.0.0.1:<agentPort>}, a {@code restrict=on} user-mode forward to the guest's port 8899.
 * Stopped by the QEMU process id it wrote, never by name.
 */
final class Guest implements AutoCloseable {
    static final String AGENT_PASSWORD = "kvm-agent-password";
    private static final Pattern FINGERPRINT = Pattern.compile("certificate SHA-256 fingerprint: (\\S+)");
    private final GuestSpec spec;
    private final long pid;
    private final int agentPort;
    private final Path consoleLog;
    private final ControlChannel control;
    private volatile String fingerprint;

    Guest(GuestSpec spec, long pid, int agentPort, Path consoleLog, Path controlSocket) {
        this.spec = spec;
        this.pid = pid;
        this.agentPort = agentPort;
        this.consoleLog = consoleLog;
        this.control = new ControlChannel(controlSocket, spec.name());
    }

    String name() {
        return spec.name();
    }

    GuestSpec spec() {
        return spec;
    }

    /** The guest's address on the cluster link. */
    String clusterIp() {
        return spec.clusterIp();
    }

    long pid() {
        return pid;
    }

    int agentPort() {
        return agentPort;
    }

    Path consoleLog() {
        return consoleLog;
    }

    boolean running() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Runs {@code script} with sh in the guest (5 minutes at most). */
    ControlChannel.Result exec(String script) {
        return exec(script, Duration.ofMinutes(5));
    }

    ControlChannel.Result exec(String script, Duration timeout) {
        return control.run(script, timeout);
    }

    /** Runs {@code script} and returns its output; fails with the output when it exits non-zero. */
    String execOk(String script) {
        ControlChannel.Result r = exec(script);
        if (!r.ok()) {
            throw new AssertionError(name() + ": exit " + r.exitCode() + " from: " + script + "\n" + r.output());
        }
        return r.output();
    }

    /**
     * Starts the agent in the guest ({@code --stack kernel}, password {@link #AGENT_PASSWORD}, plus {@code extraArgs})
     * and waits until it listens; returns its certificate fingerprint. The guest's /etc/hosts is whatever it is now,
     * so a test may change it first.
     */
    String startAgent(String... extraArgs) {
        StringBuilder args = new StringBuilder();
        for (String a : extraArgs) {
            args.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        ControlChannel.Result r = exec("mkdir -p /etc/o2pool && printf '%s\\n' '" + AGENT_PASSWORD
                + "' > /etc/o2pool/agent-password && chmod 600 /etc/o2pool/agent-password && WAIT=280 o2pool-agent-start"
                + args, Duration.ofMinutes(5));
        Matcher m = FINGERPRINT.matcher(r.output());
        if (!r.ok() || !m.find()) {
            throw new IllegalStateException(name() + ": the agent did not start (exit " + r.exitCode() + "):\n"
                    + r.output());
        }
        fingerprint = m.group(1);
        return fingerprint;
    }

    /** The certificate fingerprint the agent printed when {@link #startAgent started}, or null. */
    String fingerprint() {
        return fingerprint;
    }

    /** Stops the agent (SIGTERM); the kernel's cluster stack and mounts stay as they are. */
    void stopAgent() {
        execOk("o2pool-agent-stop");
    }

    /** The manager's key pair, presented by {@link #agent()}: what an agent accepts once that manager enrolled. */
    private static volatile javax.net.ssl.KeyManager[] managerKeys;

    /** Makes {@link #agent()} act as the manager under test (its key besides the password); null: password only. */
    static void useManagerKeys(javax.net.ssl.KeyManager[] keys) {
        managerKeys = keys;
    }

    /**
     * A client for the guest's agent through the host forward, pinned to the certificate it printed, with the agent
     * password and (once a manager under test runs) the manager's key, which the agent accepts after enrolment.
     */
    AgentClient agent() {
        if (fingerprint == null) {
            throw new IllegalStateException(name() + ": start the agent first");
        }
        // generous: the first TLS handshake of an emulated JVM takes seconds
        return new AgentClient("https://127.0.0.1:" + agentPort, fingerprint, AGENT_PASSWORD, managerKeys,
                Duration.ofSeconds(120));
    }

    /**
     * Starts a stand-in VM: a process the agent's {@code process} VM driver lists as running (its record in
     * {@code /var/lib/o2pool/agent/vms/<name>.vm}), as a VM whose disk lies on the repository. Its parent shell waits
     * for it, so stopping it leaves no zombie behind.
     */
    void startStandInVm(String vm) {
        execOk("mkdir -p /var/lib/o2pool/agent/vms && setsid sh -c 'sleep 1000000 & echo $! > /run/vm-" + vm
                + ".pid; wait' > /dev/null 2>&1 < /dev/null & i=0; while [ ! -s /run/vm-" + vm + ".pid ] && "
                + "[ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; printf 'name=%s\\npid=%s\\n' " + vm
                + " \"$(cat /run/vm-" + vm + ".pid)\" > /var/lib/o2pool/agent/vms/" + vm + ".vm; cat /var/lib/o2pool/agent/vms/"
                + vm + ".vm");
    }

    /** Stops the stand-in VM (SIGTERM), as an operator shuts the VM down; the agent then lists it no more. */
    void stopStandInVm(String vm) {
        execOk("kill \"$(cat /run/vm-" + vm + ".pid)\"; i=0; while kill -0 \"$(cat /run/vm-" + vm + ".pid)\" 2>/dev/null"
                + " && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done");
    }

    /** The kernel's boot id: unchanged as long as the guest did not reboot. */
    String bootId() {
        return execOk("cat /proc/sys/kernel/random/boot_id").strip();
    }

    /** The guest's agent log. */
    String agentLog() {
        return exec("cat /var/log/o2pool-agent.out /var/lib/o2pool/agent/logs/agent.log 2>/dev/null | tail -200")
                .output();
    }

    /** The serial console (kernel messages, /init's lines). */
    String console() {
        try {
            return Files.exists(consoleLog) ? Files.readString(consoleLog, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pulls the plug: SIGKILL to this guest's QEMU, as a server that loses power. */
    void kill() {
        control.close();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        waitGone(Duration.ofSeconds(10));
    }

    /** Stops QEMU by its PID: SIGTERM, then SIGKILL after 10 s. */
    @Override
    public void close() {
        control.close();
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return;
        }
        handle.get().destroy();
        if (!waitGone(Duration.ofSeconds(10))) {
            handle.get().destroyForcibly();
            waitGone(Duration.ofSeconds(10));
        }
    }

    private boolean waitGone(Duration limit) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return true;
        }
        try {
            handle.get().onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception stillThere) {
            return !handle.get().isAlive();
        }
    }

    @Override
    public String toString() {
        return name() + " (qemu pid " + pid + ", " + clusterIp() + ", agent 127.0.0.1:" + agentPort + ")";
    }

    /** The kernel command line for {@code spec}. */
    static List<String> kernelArgs(GuestSpec spec) {
        // rootfstype=ramfs: a tmpfs root is capped at half the RAM, less than the ~240 MiB initramfs needs at boot
        return List.of("console=ttyS0", "quiet", "panic=-1", "rootfstype=ramfs", "o2.name=" + spec.name(),
                "o2.ip=" + spec.clusterIp() + "/24", "o2.mgmt=10.0.2.15/24");
    }
}
