/**
 * The agent that runs on every server of a pool ({@code o2pool agent}): an authenticated HTTPS API the manager
 * drives, host facts, preflight checks, the cluster configuration applied as one staged and committed change, control
 * of the cluster stack (userspace or the kernel's through ocfs2-tools), the shared repository and the VMs. It is the
 * only module that changes a host; it does so only when the manager asks, and reports what it did.
 */
package io.o2pool.agent;
