/**
 * Several independent libvirt instances on one machine, one per simulated server, as {@code o2pool demo} and the
 * tests run them ({@code ../shared/libvirt-vms/} is the verified recipe): {@link io.o2pool.libvirtd.SessionLibvirtd}
 * starts a session-mode {@code libvirtd} with its folders under the server's folder, its sockets in a short
 * {@link io.o2pool.libvirtd.RuntimeDir}, its own host UUID and migration ports, as the unprivileged user a root
 * daemon needs, under {@code tini}, and stops or kills it by PID; {@link io.o2pool.libvirtd.Prerequisites} says what
 * is missing to do so, naming the Debian package or the fix.
 */
package io.o2pool.libvirtd;
