package io.o2pool.ocfs2.conf;

/**
 * Why {@link ConfEditor} refused a change; tools map it to their exit codes (o2cb_ctl: EEXIST, ENOENT, ERANGE,
 * EINVAL). Every refusal is permanent for the given input: retrying the same change cannot succeed.
 */
public enum EditFailure {
    /** A cluster, node, number, address or region of that name or value already exists; choose another. */
    ALREADY_EXISTS,
    /** The cluster, node or region to change does not exist; check the name. */
    NOT_FOUND,
    /** A number is outside its range (node number 0–254, port 1–65535). */
    OUT_OF_RANGE,
    /** A value has the wrong form (cluster name, node name, IP address, region, port differing in the cluster). */
    INVALID,
    /** The cluster already has 255 nodes or no free node number. */
    FULL
}
