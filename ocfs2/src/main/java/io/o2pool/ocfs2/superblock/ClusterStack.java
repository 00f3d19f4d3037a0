package io.o2pool.ocfs2.superblock;

/**
 * Which cluster stack a volume needs, from the superblock's cluster-info fields ({@code ci_stack}, valid when the
 * {@code CLUSTERINFO} or {@code USERSPACE_STACK} feature bit is set).
 */
public enum ClusterStack {
    /** A local-mode volume: no cluster stack at all ({@code mounted.ocfs2} prints "None"). */
    NONE("none"),
    /**
     * A cluster volume without cluster info: the kernel's o2cb stack with whatever cluster is running
     * ({@code debugfs.ocfs2} prints "classic o2cb"); the superblock names no cluster.
     */
    CLASSIC_O2CB("classic o2cb"),
    /** The o2cb stack with the cluster named in the superblock ({@code --cluster-stack=o2cb}). */
    O2CB("o2cb"),
    /** The Pacemaker user-space stack. */
    PCMK("pcmk"),
    /** The CMAN user-space stack. */
    CMAN("cman"),
    /** Another 4-character stack name; see {@link OcfsSuperblock#stackName()}. */
    OTHER("other");

    private final String text;

    ClusterStack(String text) {
        this.text = text;
    }

    /** The name as the tools print it ({@code o2cb}, {@code pcmk}, {@code classic o2cb}, ...). */
    public String text() {
        return text;
    }

    /** The stack for a {@code ci_stack} value of a volume whose cluster info is valid. */
    static ClusterStack fromStackName(String name) {
        return switch (name) {
            case "o2cb" -> O2CB;
            case "pcmk" -> PCMK;
            case "cman" -> CMAN;
            default -> OTHER;
        };
    }
}
