package io.o2pool.cli.demo;

/** The demo's {@code --vm-driver}: what the user asked for. */
enum VmDriverChoice {
    /** Real libvirt guests when this machine can run them, stand-ins otherwise (saying why). */
    AUTO,
    /** Real libvirt guests, or no demo: the demo stops saying what is missing. */
    LIBVIRT,
    /** Stand-in processes, even where libvirt is installed. */
    PROCESS;

    /** {@code auto}, {@code libvirt} or {@code process}; anything else is refused naming the value. */
    static VmDriverChoice parse(String text) {
        return switch (text == null ? "" : text.strip()) {
            case "auto" -> AUTO;
            case "libvirt" -> LIBVIRT;
            case "process" -> PROCESS;
            default -> throw new IllegalArgumentException("--vm-driver is '" + text + "'; use auto (real libvirt "
                    + "guests when installed, else stand-ins), libvirt or process");
        };
    }
}
