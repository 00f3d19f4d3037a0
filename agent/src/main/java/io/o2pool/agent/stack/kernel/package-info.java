/**
 * What the kernel's o2cb stack exposes, read as data: its log lines (dmesg, the serial console, netconsole in plain
 * and extended format, ramoops records) parsed into typed messages ({@link io.o2pool.agent.stack.kernel.KernelRecord},
 * {@link io.o2pool.agent.stack.kernel.O2cbLines}), and its debugfs and on-disk heartbeat figures sampled into
 * heartbeat health ({@link io.o2pool.agent.stack.kernel.ElapsedSawtooth}, {@link io.o2pool.agent.stack.kernel.SlotAges},
 * {@link io.o2pool.agent.stack.kernel.SockContainers}). Formats are those captured on Debian 12's 6.1 kernel
 * ({@code kvm-ocfs2/forensics.md} §1 and §5); function names and line numbers in {@code mlog} prefixes are build
 * specific and never matched. Pure: no threads, no I/O.
 */
package io.o2pool.agent.stack.kernel;
