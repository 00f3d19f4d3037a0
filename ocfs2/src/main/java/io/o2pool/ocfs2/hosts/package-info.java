/**
 * The host-name mapping the seed fixes by hand on every server (step 2: "the host's own name must map to its real
 * IP, not to 127.0.0.1"): a hosts-file parser that keeps line numbers, and
 * {@link io.o2pool.ocfs2.hosts.NameMappingCheck}, which tells whether a node name resolves — through the hosts file
 * first, then an injected resolver — to the node's cluster address, and if not, which line to change and how. Pure:
 * the resolver is an interface, so nothing here touches DNS.
 */
package io.o2pool.ocfs2.hosts;
