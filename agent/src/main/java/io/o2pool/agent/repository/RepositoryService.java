package io.o2pool.agent.repository;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.agent.ConflictException;
import io.o2pool.agent.InvalidInputException;
import io.o2pool.agent.api.AttachRequest;
import io.o2pool.agent.api.Json;
import io.o2pool.agent.api.RepositoryInfo;
import io.o2pool.agent.api.RepositoryMode;
import io.o2pool.agent.api.RepositoryMount;
import io.o2pool.agent.api.StackState;
import io.o2pool.agent.config.AtomicFiles;
import io.o2pool.agent.exec.CommandFailedException;
import io.o2pool.agent.exec.CommandResult;
import io.o2pool.agent.exec.CommandRunner;
import io.o2pool.agent.stack.StackDriver;
import io.o2pool.ocfs2.mount.MountTable;
import io.o2pool.ocfs2.mount.MountTableException;
import io.o2pool.ocfs2.mount.Ocfs2Mount;
import io.o2pool.ocfs2.superblock.OcfsSuperblock;
import io.o2pool.ocfs2.superblock.SuperblockException;
import io.o2pool.ocfs2.superblock.SuperblockReader;
import io.o2pool.ocfs2.superblock.VolumeMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The shared repository: attaches a shared directory (identified by its {@value #ID_FILE} file holding a UUID) or an
 * OCFS2 device (UUID from the superblock, mounted at {@code <mount root>/<UUID>} as Oracle VM did under
 * {@code /var/ovs/mount}), reports the volume's mode and how it is mounted, and converts an unmounted local-mode OCFS2 device to cluster mode
 * ({@code tunefs.ocfs2 -M cluster -N n}, with the stack online). Paths are accepted only under the configured roots.
 */
public final class RepositoryService {
    public static final String ID_FILE = ".o2pool-repository";
    /**
     * What tunefs.ocfs2 prints (exit 25) when an offline operation cannot take the volume's cluster lock: another node
     * (or this one) has it mounted.
     */
    static final String TRYLOCK_FAILED = "Trylock failed while opening device";
    private final List<Path> allowedRoots;
    private final Path mountRoot;
    private final Path registry;
    private final Path procMounts;
    private final CommandRunner runner;
    private final StackDriver stack;
    private final ObjectMapper json = Json.mapper();

    /** {@code procMounts} is the mount table to read ({@code /proc/mounts}); it is read afresh on every call. */
    public RepositoryService(Path stateDir, List<Path> allowedRoots, Path mountRoot, Path procMounts,
            CommandRunner runner, StackDriver stack) {
        this.allowedRoots = allowedRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.mountRoot = mountRoot;
        this.registry = stateDir.resolve("repositories.json");
        this.procMounts = procMounts;
        this.runner = runner;
        this.stack = stack;
    }

    /**
     * Attaches again, at agent start, the repositories recorded as attached before the restart (in
     * {@code STATE/repositories.json}): a directory repository whose id file still holds the recorded UUID is given
     * to the stack again, so a restarted agent's userspace stack heartbeats in the same region; an OCFS2 repository
     * no longer mounted is mounted again (with its recorded UUID expected). Nothing is forgotten on failure: each
     * repository's outcome is one note, to be logged.
     */
    public synchronized List<String> restoreAttached() {
        List<String> notes = new ArrayList<>();
        for (RepositoryInfo recorded : load()) {
            try {
                Path path = allowedPath(recorded.source());
                if (recorded.type().equals("directory")) {
                    RepositoryInfo now = attachDirectory(path);
                    if (!now.uuid().equals(recorded.uuid())) {
                        notes.add("directory " + path + " now holds repository " + now.uuid() + ", not the attached "
                                + recorded.uuid() + "; not attached again");
                        continue;
                    }
                    String note = stack.repositoryAttached(path);
                    notes.add("directory repository " + recorded.uuid() + " at " + path + " attached again"
                            + (note.isBlank() ? "" : ": " + note));
                } else {
                    RepositoryInfo now = attachOcfs2(path, Optional.of(recorded.uuid()));
                    notes.add("OCFS2 repository " + recorded.uuid() + " on " + path + " mounted at " + now.mountPoint()
                            + " (" + now.mount() + ")");
                }
            } catch (RuntimeException e) {
                notes.add(recorded.type() + " repository " + recorded.uuid() + " at " + recorded.source()
                        + " not attached again: " + e.getMessage());
            }
        }
        return notes;
    }

    /**
     * What attaching {@code request} would find, without attaching, mounting or recording anything. Validated as
     * {@link #attach}. For OCFS2 it reads the superblock, so an unmounted volume is known too: its UUID, its
     * {@code mode} ({@code LOCAL} from {@code mkfs.ocfs2 -M local}, or {@code CLUSTER}), its slot count, and in
     * {@code mount} how the kernel has it mounted now ({@code UNMOUNTED} when not).
     */
    public synchronized RepositoryInfo inspect(AttachRequest request) {
        String type = type(request.type());
        Path path = allowedPath(request.path());
        if (type.equals("directory")) {
            return attachDirectory(path);
        }
        OcfsSuperblock sb = superblock(path);
        Optional<Ocfs2Mount> mounted = mountOf(path.toString());
        return ocfs2(sb, path, mounted.map(Ocfs2Mount::mountPoint).orElse(null), mounted);
    }

    /**
     * The roots of the repositories recorded as attached, where the pool record is kept: a directory repository's
     * path, an OCFS2 volume's mount point while it is mounted.
     */
    public synchronized List<Path> attachedRoots() {
        List<Path> roots = new ArrayList<>();
        for (RepositoryInfo r : load()) {
            if (r.type().equals("directory")) {
                roots.add(Path.of(r.source()));
            } else {
                mountOf(r.source()).ifPresent(m -> roots.add(Path.of(m.mountPoint())));
            }
        }
        return roots;
    }

    /** The attached repositories with their volumes' modes and how they are mounted now. */
    public synchronized List<RepositoryInfo> list() {
        return load().stream().map(this::refresh).toList();
    }

    /** Attaches (and for OCFS2 mounts) the repository; idempotent for one already attached. */
    public synchronized RepositoryInfo attach(AttachRequest request) {
        String type = type(request.type());
        Optional<String> expected = Optional.ofNullable(request.uuid()).map(u -> canonicalUuid(u, "uuid"));
        Path path = allowedPath(request.path());
        RepositoryInfo info = type.equals("directory") ? attachDirectory(path) : attachOcfs2(path, expected);
        expected.filter(u -> !u.equals(info.uuid())).ifPresent(u -> {
            throw new ConflictException("repository at " + path + " has UUID " + info.uuid() + ", the pool expects "
                    + u + "; attach the pool's shared disk, not a local copy");
        });
        record(info);
        if (type.equals("directory")) {
            stack.repositoryAttached(path);
        }
        return info;
    }

    /**
     * Detaches the repository of {@code type} at {@code path}; idempotent. A directory one is taken from the stack
     * (the userspace node heartbeating in it stops cleanly and the stack stays online), an OCFS2 one is unmounted if
     * mounted (recorded or not); then it is no longer recorded (nor attached again at the next start). A repository
     * that is not attached is answered with a note saying so, not refused.
     */
    public synchronized RepositoryInfo detach(AttachRequest request) {
        String type = type(request.type());
        Path path = allowedPath(request.path());
        List<RepositoryInfo> all = new ArrayList<>(load());
        Optional<RepositoryInfo> recorded = all.stream()
                .filter(r -> r.type().equals(type) && r.source().equals(path.toString())).findFirst();
        RepositoryInfo result;
        List<String> notes = new ArrayList<>();
        if (type.equals("directory")) {
            String stackNote = stack.repositoryDetached(path);
            if (!stackNote.isBlank()) {
                notes.add(stackNote);
            }
            result = recorded.orElseGet(() -> unrecordedDirectory(path));
        } else {
            Optional<Ocfs2Mount> mounted = mountOf(path.toString());
            Optional<OcfsSuperblock> sb = readableSuperblock(path);
            String uuid = recorded.map(RepositoryInfo::uuid).orElseGet(() -> sb.map(OcfsSuperblock::uuidHex).orElse(null));
            String mountPoint = recorded.map(RepositoryInfo::mountPoint)
                    .orElse(mounted.map(Ocfs2Mount::mountPoint).orElse(null));
            if (mounted.isPresent()) {
                runner.require(List.of("umount", mounted.get().mountPoint()));
                notes.add("unmounted " + mounted.get().mountPoint() + " (" + mountOption(mounted.get()) + ")");
            }
            RepositoryMode mode = sb.map(b -> mode(b.mode())).or(() -> recorded.map(RepositoryInfo::mode)).orElse(null);
            Integer slots = sb.map(OcfsSuperblock::maxSlots).or(() -> recorded.map(RepositoryInfo::slots)).orElse(null);
            result = new RepositoryInfo(uuid, type, path.toString(), mountPoint, mode, RepositoryMount.UNMOUNTED,
                    slots, null);
        }
        if (recorded.isEmpty()) {
            notes.add("no " + type + " repository was attached at " + path + "; nothing to detach"
                    + (all.isEmpty() ? "" : " (attached: " + all.stream().map(r -> r.type() + " " + r.source()).toList()
                    + ")"));
        } else {
            all.remove(recorded.get());
            save(all);
        }
        return notes.isEmpty() ? result : result.withNote(String.join("; ", notes));
    }

    /** A directory that is not attached, for detach's answer: its UUID if it has a readable id file. */
    private RepositoryInfo unrecordedDirectory(Path path) {
        try {
            return attachDirectory(path);
        } catch (RuntimeException noIdFile) {
            return RepositoryInfo.directory(null, path.toString());
        }
    }

    /** The OCFS2 superblock of {@code device}; empty when it holds none that can be read (gone, or not OCFS2). */
    private static Optional<OcfsSuperblock> readableSuperblock(Path device) {
        try {
            return Optional.of(SuperblockReader.read(device));
        } catch (SuperblockException notOcfs2) {
            return Optional.empty();
        }
    }

    private static String type(String text) {
        String type = text.toLowerCase(Locale.ROOT);
        if (!type.equals("directory") && !type.equals("ocfs2")) {
            throw new InvalidInputException("type", "type '" + text + "' must be directory or ocfs2");
        }
        return type;
    }

    /** Converts the unmounted local-mode OCFS2 filesystem at {@code path} to cluster mode with {@code slots} node slots. */
    public synchronized RepositoryInfo convertToCluster(String pathText, int slots) {
        Path path = allowedPath(pathText);
        OcfsSuperblock sb = superblock(path);
        if (sb.mode() == VolumeMode.CLUSTER) {
            Optional<Ocfs2Mount> mounted = mountOf(path.toString());
            return ocfs2(sb, path, mounted.map(Ocfs2Mount::mountPoint).orElse(null), mounted)
                    .withNote("already in cluster mode with " + sb.maxSlots() + " slots; nothing changed");
        }
        if (mountOf(path.toString()).isPresent()) {
            throw new ConflictException(path + " is mounted; unmount it on this server before converting it to cluster mode");
        }
        if (stack.state() == StackState.OFFLINE) {
            throw new ConflictException("the cluster stack is OFFLINE; bring o2cb online before tunefs.ocfs2 -M cluster");
        }
        var result = runner.require(List.of("tunefs.ocfs2", "-y", "-M", "cluster", "-N", Integer.toString(slots), path.toString()));
        OcfsSuperblock after = superblock(path);
        if (after.mode() == VolumeMode.LOCAL) { // tunefs.ocfs2 exits 0 even when it could not clear the local flag
            throw new IllegalStateException("tunefs.ocfs2 left " + path + " in local mode: " + result.describe());
        }
        return ocfs2(after, path, null, Optional.empty()).withNote("converted from local to cluster mode with "
                + after.maxSlots() + " slots");
    }

    /**
     * Raises the node slot count of the cluster-mode OCFS2 volume at {@code path} to {@code slots}
     * ({@code tunefs.ocfs2 -N}). ocfs2-tools does this offline only (the operation allocates journals and takes the
     * whole volume): the volume must be unmounted here and on every other node, and this node's o2cb online for the
     * cluster lock. A count already reached is a note, a lower one is refused (removing slots is not done here).
     * Mounted on another node, tunefs.ocfs2 cannot take the cluster-wide superblock lock and says
     * {@value #TRYLOCK_FAILED}: a 409 naming that, not a failure of the agent. With o2cb offline it prints
     * {@code Cluster name is invalid} and exits 0 (ocfs2-tools 1.8.7 on the Debian 6.1 kernel, e2e/kvm), hence the
     * stack check before and the superblock read again after.
     */
    public synchronized RepositoryInfo growSlots(String pathText, int slots) {
        Path path = allowedPath(pathText);
        OcfsSuperblock sb = superblock(path);
        if (sb.mode() != VolumeMode.CLUSTER) {
            throw new ConflictException(path + " is a local-mode volume; convert it to cluster mode first");
        }
        if (slots < sb.maxSlots()) {
            throw new ConflictException(path + " has " + sb.maxSlots() + " node slots; lowering it to " + slots
                    + " is not done by o2pool");
        }
        if (slots == sb.maxSlots()) {
            return ocfs2(sb, path, null, mountOf(path.toString())).withNote("already has " + slots
                    + " node slots; nothing changed");
        }
        if (mountOf(path.toString()).isPresent()) {
            throw new ConflictException(path + " is mounted; tunefs.ocfs2 -N needs it unmounted on every node");
        }
        if (stack.state() == StackState.OFFLINE) {
            throw new ConflictException("the cluster stack is OFFLINE; bring o2cb online before tunefs.ocfs2 -N");
        }
        CommandResult result = runner.run(List.of("tunefs.ocfs2", "-y", "-N", Integer.toString(slots),
                path.toString()));
        if (!result.ok() && (result.stderr() + result.stdout()).contains(TRYLOCK_FAILED)) {
            throw new ConflictException(path + " is mounted on another node: tunefs.ocfs2 -N needs it unmounted on"
                    + " every node (" + result.describe() + "); unmount it there, then retry");
        }
        if (!result.ok()) {
            throw new CommandFailedException(result);
        }
        OcfsSuperblock after = superblock(path);
        if (after.maxSlots() != slots) {
            throw new IllegalStateException("tunefs.ocfs2 -N " + slots + " left " + path + " with " + after.maxSlots()
                    + " slots: " + result.describe());
        }
        return ocfs2(after, path, null, Optional.empty()).withNote("node slots raised from " + sb.maxSlots()
                + " to " + slots);
    }

    private RepositoryInfo attachDirectory(Path path) {
        if (!Files.isDirectory(path)) {
            throw new InvalidInputException("path", path + " is not a directory");
        }
        Path idFile = path.resolve(ID_FILE);
        if (!Files.isRegularFile(idFile)) {
            throw new InvalidInputException("path", path + " has no " + ID_FILE + " id file; create it on the shared "
                    + "directory once: uuidgen > " + idFile);
        }
        try {
            String uuid = canonicalUuid(Files.readAllLines(idFile).stream().findFirst().orElse(""), "path");
            return RepositoryInfo.directory(uuid, path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + idFile, e);
        }
    }

    private RepositoryInfo attachOcfs2(Path device, Optional<String> expected) {
        OcfsSuperblock sb = superblock(device);
        expected.filter(u -> !u.equals(sb.uuidHex())).ifPresent(u -> {
            throw new ConflictException(device + " holds OCFS2 filesystem " + sb.uuidHex() + ", the pool expects " + u);
        });
        Path mountPoint = mountRoot.resolve(sb.uuidHex());
        Optional<Ocfs2Mount> mounted = mountOf(device.toString());
        if (mounted.isEmpty()) {
            if (sb.mode() == VolumeMode.CLUSTER && stack.state() == StackState.OFFLINE) {
                throw new ConflictException(device + " is a cluster-mode OCFS2 filesystem and the cluster stack is "
                        + "OFFLINE; commit the cluster configuration and bring the stack online first");
            }
            try {
                Files.createDirectories(mountPoint);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create mount point " + mountPoint, e);
            }
            runner.require(List.of("mount", "-t", "ocfs2", "-o", "_netdev", device.toString(), mountPoint.toString()));
            mounted = mountOf(device.toString());
        }
        return ocfs2(sb, device, mounted.map(Ocfs2Mount::mountPoint).orElse(mountPoint.toString()), mounted);
    }

    /** The OCFS2 volume of superblock {@code sb} on {@code device}, mounted as {@code mounted} says (or not). */
    private static RepositoryInfo ocfs2(OcfsSuperblock sb, Path device, String mountPoint, Optional<Ocfs2Mount> mounted) {
        return new RepositoryInfo(sb.uuidHex(), "ocfs2", device.toString(), mountPoint, mode(sb.mode()),
                mounted.map(RepositoryService::mount).orElse(RepositoryMount.UNMOUNTED), sb.maxSlots(),
                mounted.flatMap(RepositoryService::otherStackNote).orElse(null));
    }

    private static RepositoryMode mode(VolumeMode mode) {
        return switch (mode) {
            case LOCAL -> RepositoryMode.LOCAL;
            case CLUSTER -> RepositoryMode.CLUSTER;
        };
    }

    private static OcfsSuperblock superblock(Path device) {
        try {
            return SuperblockReader.read(device);
        } catch (SuperblockException e) {
            throw new InvalidInputException("path", e.getMessage());
        }
    }

    /** Where {@code device} is mounted as OCFS2, read afresh from the mount table (mounts change under the agent). */
    private Optional<Ocfs2Mount> mountOf(String device) {
        if (!Files.isReadable(procMounts)) {
            return Optional.empty();
        }
        try {
            return MountTable.read(procMounts).ocfs2Mounts().stream().filter(m -> m.device().equals(device)).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mount table " + procMounts, e);
        } catch (MountTableException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** How the kernel has the volume mounted, from the mount's {@code heartbeat=} option. */
    static RepositoryMount mount(Ocfs2Mount mount) {
        return switch (mount.heartbeat()) {
            case LOCAL -> RepositoryMount.HEARTBEAT_LOCAL;
            case GLOBAL -> RepositoryMount.HEARTBEAT_GLOBAL;
            case NONE -> RepositoryMount.HEARTBEAT_NONE;
            case NOT_SHOWN -> RepositoryMount.OTHER_STACK;
        };
    }

    /** For a mount without a {@code heartbeat=} option: which stack the kernel shows instead, for people. */
    private static Optional<String> otherStackNote(Ocfs2Mount mount) {
        return switch (mount.heartbeat()) {
            case LOCAL, GLOBAL, NONE -> Optional.empty();
            case NOT_SHOWN -> Optional.of("mounted without a heartbeat= option"
                    + mount.clusterStack().map(s -> ", cluster_stack=" + s).orElse(""));
        };
    }

    /** The option as the kernel shows it, for notes: {@code heartbeat=local|global|none}, or the user-space stack. */
    private static String mountOption(Ocfs2Mount mount) {
        return switch (mount.heartbeat()) {
            case LOCAL, GLOBAL, NONE -> "heartbeat=" + mount.heartbeat().text();
            case NOT_SHOWN -> mount.clusterStack().map(s -> "cluster_stack=" + s).orElse("no heartbeat= option");
        };
    }

    /** Resolves {@code text} and refuses it unless it is absolute, exists and lies under an allowed root (after symlinks). */
    Path allowedPath(String text) {
        Path path = Path.of(text);
        if (!path.isAbsolute()) {
            throw new InvalidInputException("path", "path '" + text + "' must be absolute");
        }
        Path normal = path.normalize();
        if (!Files.exists(normal)) {
            throw new InvalidInputException("path", "path " + normal + " does not exist");
        }
        try {
            Path real = normal.toRealPath();
            for (Path root : allowedRoots) {
                Path realRoot = Files.exists(root) ? root.toRealPath() : root;
                if (real.startsWith(realRoot)) {
                    return normal;
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("path", "cannot resolve " + normal + ": " + e.getMessage());
        }
        throw new InvalidInputException("path", "path " + normal + " is outside the directories the agent may use "
                + allowedRoots + "; add its directory with --repository-root");
    }

    static String canonicalUuid(String text, String field) {
        String hex = text.strip().replace("-", "").toUpperCase(Locale.ROOT);
        if (!hex.matches("[0-9A-F]{32}")) {
            throw new InvalidInputException(field, "'" + text.strip() + "' is not a UUID (32 hex digits, dashes optional)");
        }
        return hex;
    }

    /**
     * {@code info} as it is now: for OCFS2 the mode from the superblock (the recorded one if it cannot be read) and
     * the mount from the mount table. An entry recorded before these fields existed gets them here.
     */
    private RepositoryInfo refresh(RepositoryInfo info) {
        if (!info.type().equals("ocfs2")) {
            return RepositoryInfo.directory(info.uuid(), info.source());
        }
        Optional<Ocfs2Mount> mounted = mountOf(info.source());
        Optional<OcfsSuperblock> sb = readableSuperblock(Path.of(info.source()));
        return new RepositoryInfo(info.uuid(), info.type(), info.source(),
                mounted.map(Ocfs2Mount::mountPoint).orElse(info.mountPoint()),
                sb.map(s -> mode(s.mode())).orElse(info.mode()),
                mounted.map(RepositoryService::mount).orElse(RepositoryMount.UNMOUNTED),
                sb.map(OcfsSuperblock::maxSlots).orElse(info.slots()),
                mounted.flatMap(RepositoryService::otherStackNote).orElse(null));
    }

    private List<RepositoryInfo> load() {
        try {
            return Files.exists(registry) ? json.readValue(registry.toFile(), new TypeReference<List<RepositoryInfo>>() { })
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + registry, e);
        }
    }

    private void record(RepositoryInfo info) {
        List<RepositoryInfo> all = new ArrayList<>(load());
        all.removeIf(r -> r.uuid().equals(info.uuid()));
        all.add(info);
        save(all);
    }

    private void save(List<RepositoryInfo> all) {
        try {
            AtomicFiles.write(registry, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(all), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + registry, e);
        }
    }
}
