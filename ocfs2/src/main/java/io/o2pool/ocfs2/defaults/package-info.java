/**
 * The o2cb defaults file ({@code /etc/default/o2cb} on Debian, {@code /etc/sysconfig/o2cb} elsewhere), which tells
 * the o2cb init script whether to start a cluster on boot and with which timeouts: a shell-style reader whose errors
 * carry line numbers, an immutable validated model ({@link io.o2pool.ocfs2.defaults.O2cbDefaults}), a writer that
 * produces the init script's template byte for byte (never with an empty value), and {@code o2pool o2cb configure},
 * the init script's interactive dialog with the same prompts and error texts plus options to answer it from the
 * command line.
 */
package io.o2pool.ocfs2.defaults;
