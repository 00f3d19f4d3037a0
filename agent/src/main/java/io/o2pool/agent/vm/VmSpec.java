package io.o2pool.agent.vm;

import io.o2pool.agent.api.VmDefinition;
import java.nio.file.Path;

/**
 * A definition with the absolute files it runs from, as {@link VmFiles} resolved them in the repository: the boot
 * disk, and for the built-in tiny guest its kernel and initramfs (null otherwise); the serial console log.
 */
public record VmSpec(VmDefinition definition, Path disk, Path kernel, Path initrd, Path console) {
    public String name() {
        return definition.name();
    }
}
