/**
 * Fencing: the pluggable action (stop, command, reboot) and the fence record written to the shared repository
 * before the action runs.
 */
package io.o2pool.cluster.fence;
