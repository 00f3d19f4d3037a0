package io.o2pool.agent.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A VM as the pool defines it, body of {@code PUT /v1/vms/{name}}; the agent keeps it in the shared repository
 * ({@code <repository>/o2pool/vms/<name>.json}) so any member can start it.
 *
 * @param name            1–63 of {@code A-Z a-z 0-9 . _ -}, starting with a letter or digit; the libvirt domain name
 * @param uuid            the domain UUID; null: derived from the name ({@link #defaultUuid(String)}), stable on every member
 * @param vcpus           1–{@value #MAX_VCPUS}
 * @param memoryMib       {@value #MIN_MEMORY_MIB}–{@value #MAX_MEMORY_MIB} MiB (the built-in tiny guest does not boot below 96)
 * @param image           the boot disk, a path relative to the repository's root (e.g. {@code images/web1.img}), no
 *                        {@code ..}; null: the built-in tiny test guest (kernel and initramfs the project builds from
 *                        Debian packages, plus a 4 MiB disk of its own under {@code o2pool/vms/disks/})
 * @param ha              restart it on a survivor when its server is fenced or dead (the manager's HA planner)
 * @param preferredServer the node name the manager prefers to start it on; null: none
 */
public record VmDefinition(String name, String uuid, int vcpus, int memoryMib, String image, boolean ha,
                           String preferredServer) {
    /** Domain names the agent accepts (also safe as file names in the repository). */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    /** Names taken by the agent's own {@code /v1/vms/…} endpoints. */
    public static final java.util.Set<String> RESERVED = java.util.Set.of("endpoint", "leases", "events", "definitions",
            "stop-all");
    public static final int MIN_MEMORY_MIB = 96;
    public static final int MAX_MEMORY_MIB = 1 << 20;
    public static final int MAX_VCPUS = 64;
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** The defaults of {@code o2pool vm create NAME}: 1 vCPU, 96 MiB, the tiny guest, not HA, no preference. */
    public static VmDefinition tiny(String name) {
        return new VmDefinition(name, null, 1, MIN_MEMORY_MIB, null, false, null);
    }

    /** The UUID used when none is given: name-based (MD5, RFC 4122 v3) on {@code o2pool-vm-<name>}. */
    public static String defaultUuid(String name) {
        return UUID.nameUUIDFromBytes(("o2pool-vm-" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** This definition with the UUID filled in. */
    public VmDefinition withDefaults() {
        return uuid != null ? this : new VmDefinition(name, defaultUuid(name), vcpus, memoryMib, image, ha, preferredServer);
    }

    /** Whether it boots the built-in tiny guest. */
    public boolean tinyGuest() {
        return image == null || image.isBlank();
    }

    /**
     * What is wrong with this definition, one {@link Problem} per field (empty when valid): the same checks on
     * the manager and the agent, so both refuse alike and name the field and the fix.
     */
    public List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add(new Problem("name", "VM name '" + name + "' is not valid; use 1–63 letters, digits, '.', '_' "
                    + "or '-', starting with a letter or digit"));
        } else if (RESERVED.contains(name)) {
            problems.add(new Problem("name", "VM name '" + name + "' is reserved by the agent's API " + RESERVED
                    + "; choose another name"));
        }
        if (uuid != null && !UUID_TEXT.matcher(uuid).matches()) {
            problems.add(new Problem("uuid", "uuid '" + uuid + "' is not a UUID such as "
                    + "6618129f-3a2c-a613-76c5-cb499a096424; leave it out to derive one from the name"));
        }
        if (vcpus < 1 || vcpus > MAX_VCPUS) {
            problems.add(new Problem("vcpus", "vcpus is " + vcpus + "; it must be 1–" + MAX_VCPUS));
        }
        if (memoryMib < MIN_MEMORY_MIB || memoryMib > MAX_MEMORY_MIB) {
            problems.add(new Problem("memoryMib", "memoryMib is " + memoryMib + "; it must be " + MIN_MEMORY_MIB + "–"
                    + MAX_MEMORY_MIB + " (the tiny guest needs at least " + MIN_MEMORY_MIB + ")"));
        }
        if (image != null && !image.isBlank() && !relativeInsideRepository(image)) {
            problems.add(new Problem("image", "image '" + image + "' must be a path relative to the repository's root "
                    + "(e.g. images/" + name + ".img) without '..', or absent for the built-in tiny guest"));
        }
        if (preferredServer != null && preferredServer.isBlank()) {
            problems.add(new Problem("preferredServer", "preferredServer is blank; give a node name or leave it out"));
        }
        return problems;
    }

    private static boolean relativeInsideRepository(String path) {
        if (path.startsWith("/") || path.contains("\\") || path.chars().anyMatch(c -> c < 0x20)) {
            return false;
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals("..") || part.equals(".")) {
                return false;
            }
        }
        return true;
    }

    /** One invalid field of a definition and what to change. */
    public record Problem(String field, String message) {
    }
}
