/**
 * {@code /etc/ocfs2/cluster.conf}, read and written exactly as ocfs2-tools 1.8.7 does. {@link
 * io.o2pool.ocfs2.conf.ConfReader} loads a file as leniently as {@code o2cb} (what it loads, loads; what it rejects
 * is a {@link io.o2pool.ocfs2.conf.ConfParseException} with line, column and what was expected) and warns about
 * every value o2pool's {@link io.o2pool.ocfs2.conf.StrictRules} refuse; the immutable model
 * ({@link io.o2pool.ocfs2.conf.ClusterConf}, {@link io.o2pool.ocfs2.conf.Cluster}, {@link io.o2pool.ocfs2.conf.Node},
 * {@link io.o2pool.ocfs2.conf.HeartbeatRegion}) keeps file order; {@link io.o2pool.ocfs2.conf.ConfEditor} makes the
 * o2cb tool's changes with its messages and the strict rules, so o2pool never writes a new invalid value;
 * {@link io.o2pool.ocfs2.conf.ConfWriter} produces the tools' bytes and {@link io.o2pool.ocfs2.conf.ConfFile}
 * stores them atomically. Pure code apart from ConfFile; no threads, no network.
 */
package io.o2pool.ocfs2.conf;
