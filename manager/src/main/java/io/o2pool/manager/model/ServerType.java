package io.o2pool.manager.model;

/** What a server in a pool is for, as in Oracle VM Manager's Add Server dialog; both kinds join the O2CB cluster. */
public enum ServerType {
    /** A Utility Server: runs pool chores (imports, clones) and mounts the repository; callers treat it as a cluster node. */
    UTILITY,
    /** A Virtual Machine Server: runs guests from the shared repository; callers must stop its VMs before mode changes. */
    VM_SERVER
}
