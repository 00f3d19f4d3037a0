/**
 * Real libvirt for tests: {@link io.o2pool.testkit.libvirt.LibvirtInstance} wraps the production launcher
 * ({@code io.o2pool.libvirtd.SessionLibvirtd}: one session-mode libvirtd per simulated server, its own user dirs,
 * socket and host UUID), {@link io.o2pool.testkit.libvirt.TinyGuest} the project's tiny TCG guest built from Debian
 * packages, and reads what its console and tick channel say.
 */
package io.o2pool.testkit.libvirt;
