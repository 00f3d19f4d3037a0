package io.o2pool.agent.vm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.o2pool.agent.InvalidInputException;
import io.o2pool.agent.api.Json;
import io.o2pool.agent.api.VmDefinition;
import io.o2pool.agent.config.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The VMs' part of a shared repository, under {@code <root>/.o2pool/vms/}: {@code definitions/<name>.json} (written
 * atomically), {@code leases/} ({@link io.o2pool.agent.vm.lease.LeaseStore}), and for the built-in tiny guest
 * {@code tiny-guest/vmlinuz}, {@code tiny-guest/initrd.img} (copied from the agent's {@code --tiny-guest} folder) and a
 * disk {@code disks/<name>.img} of its own; {@code console/<name>.log} for every VM. Files QEMU opens are given to the
 * QEMU user when it is not the agent's (a session libvirtd). Thread-safe (atomic renames).
 */
public final class VmFiles {
    /** Where in a repository the VM files live. */
    public static final String DIR = ".o2pool/vms";
    private final Path root;
    private final Path base;
    private final Path tinyGuestSource;
    private final Optional<String> owner;
    private final ObjectMapper json = Json.mapper();

    public VmFiles(Path repositoryRoot, Path tinyGuestSource, Optional<String> owner) {
        this.root = repositoryRoot;
        this.base = repositoryRoot.resolve(DIR);
        this.tinyGuestSource = tinyGuestSource;
        this.owner = owner;
    }

    public Path root() {
        return root;
    }

    public Path leases() {
        return base.resolve("leases");
    }

    public Path console(String vm) {
        return base.resolve("console").resolve(vm + ".log");
    }

    /** The files {@code d} runs from (nothing created). */
    public VmSpec spec(VmDefinition d) {
        if (d.tinyGuest()) {
            return new VmSpec(d, base.resolve("disks").resolve(d.name() + ".img"),
                    base.resolve("tiny-guest/vmlinuz"), base.resolve("tiny-guest/initrd.img"), console(d.name()));
        }
        return new VmSpec(d, root.resolve(d.image()), null, null, console(d.name()));
    }

    /**
     * Creates what {@code d} needs that is missing (the tiny guest's kernel, initramfs and disk; the console log) and
     * returns its spec; a disk image that is not in the repository is refused naming the field.
     */
    public VmSpec prepare(VmDefinition d) {
        return prepare(d, true);
    }

    /**
     * As {@link #prepare(VmDefinition)}; {@code bootsGuests} false (stand-in processes, which boot nothing) needs no
     * tiny guest kernel: only its disk and console are made.
     */
    public VmSpec prepare(VmDefinition d, boolean bootsGuests) {
        VmSpec spec = spec(d);
        try {
            if (d.tinyGuest() && bootsGuests) {
                for (String f : List.of("vmlinuz", "initrd.img")) {
                    Path target = base.resolve("tiny-guest").resolve(f);
                    if (!Files.exists(target)) {
                        Path source = tinyGuestSource.resolve(f);
                        if (!Files.isRegularFile(source)) {
                            throw new InvalidInputException("image", "VM " + d.name() + " uses the built-in tiny guest "
                                    + "but " + source + " does not exist; run scripts/build-tiny-guest.sh "
                                    + tinyGuestSource + " or give an image");
                        }
                        Files.createDirectories(target.getParent());
                        Path tmp = AtomicFiles.temporaryBeside(target);
                        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    }
                }
            }
            if (d.tinyGuest()) {
                if (!Files.exists(spec.disk())) {
                    Files.createDirectories(spec.disk().getParent());
                    Path template = tinyGuestSource.resolve("disk-template.img");
                    Path tmp = AtomicFiles.temporaryBeside(spec.disk());
                    if (Files.isRegularFile(template)) {
                        Files.copy(template, tmp, StandardCopyOption.REPLACE_EXISTING);
                    } else {
                        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                                java.nio.file.StandardOpenOption.WRITE)) {
                            ch.truncate(0);
                            ch.write(java.nio.ByteBuffer.wrap(new byte[1]), 4 * 1024 * 1024 - 1);
                        }
                    }
                    Files.move(tmp, spec.disk(), StandardCopyOption.ATOMIC_MOVE);
                }
            } else if (!Files.isRegularFile(spec.disk())) {
                throw new InvalidInputException("image", "VM " + d.name() + ": image " + d.image() + " is not a file "
                        + "in the repository " + root + "; copy the disk image to " + spec.disk() + " first");
            }
            Files.createDirectories(spec.console().getParent());
            if (!Files.exists(spec.console())) {
                Files.createFile(spec.console());
            }
            giveToQemu(spec.disk());
            giveToQemu(spec.console());
            return spec;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the files of VM " + d.name() + " in " + base + ": "
                    + e.getMessage(), e);
        }
    }

    /** Writes {@code d} as the repository's definition, atomically. */
    public void writeDefinition(VmDefinition d) {
        Path f = base.resolve("definitions").resolve(d.name() + ".json");
        try {
            Files.createDirectories(f.getParent());
            AtomicFiles.write(f, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(d), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the definition " + f + ": " + e.getMessage(), e);
        }
    }

    public Optional<VmDefinition> readDefinition(String name) {
        Path f = base.resolve("definitions").resolve(name + ".json");
        try {
            return Files.exists(f) ? Optional.of(json.readValue(f.toFile(), VmDefinition.class)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the definition " + f + ": " + e.getMessage(), e);
        }
    }

    public List<VmDefinition> definitions() {
        Path dir = base.resolve("definitions");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<VmDefinition> all = new ArrayList<>();
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                readDefinition(f.getFileName().toString().replaceFirst("\\.json$", "")).ifPresent(all::add);
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Removes the definition and, for the tiny guest, its disk and console log. */
    public void deleteDefinition(VmDefinition d) {
        try {
            Files.deleteIfExists(base.resolve("definitions").resolve(d.name() + ".json"));
            if (d.tinyGuest()) {
                Files.deleteIfExists(spec(d).disk());
            }
            Files.deleteIfExists(console(d.name()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete VM " + d.name() + "'s files in " + base, e);
        }
    }

    private void giveToQemu(Path file) throws IOException {
        if (owner.isEmpty()) {
            return;
        }
        UserPrincipal user = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(owner.get());
        Files.setOwner(file, user);
    }
}
