/**
 * Kernel fence forensics (issue 16 item 2): a kernel-stack node's last words reach its peers over netconsole
 * ({@link io.o2pool.agent.forensics.NetconsoleTargets} configures it through configfs at stack start,
 * {@link io.o2pool.agent.forensics.NetconsoleReceiver} takes the datagrams in every agent and
 * {@link io.o2pool.agent.forensics.KernelLogStore} keeps them per sender), and
 * {@link io.o2pool.agent.forensics.KernelFenceAssembly} turns the fenced node's lines and the survivors' eviction
 * lines into one fence record with the fields of the userspace one. See {@code ../shared/kvm-ocfs2/forensics.md}
 * §3–§5 for what the kernel sends and why the receiver's MAC must be set.
 */
package io.o2pool.agent.forensics;
