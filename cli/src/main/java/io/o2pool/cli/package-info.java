/**
 * The {@code o2pool} command line: the entry point for the demo, the daemons ({@code manager}, {@code agent}) and
 * the tools ({@code o2cb}, {@code o2cb_ctl}, {@code ocfs2 inspect}); later a client of the manager's REST API. It only
 * parses arguments and prints; the work is done by the module each command names.
 */
package io.o2pool.cli;
