/**
 * ocfs2-tools' command-line tools emulated in-process on any file, without a kernel stack, each returning a
 * {@link io.o2pool.ocfs2.tool.ToolResult} (exit code, stdout, stderr) for the CLI to print:
 * {@link io.o2pool.ocfs2.tool.O2cbTool} ({@code o2cb}'s configuration verbs) and
 * {@link io.o2pool.ocfs2.tool.O2cbCtlTool} ({@code o2cb_ctl} as the seed document uses it). Option parsing, texts
 * and exit codes are those of 1.8.7, verified against the real tools; the deliberate differences (strict
 * validation, line/column errors, {@code o2cb_ctl -D}) are listed on each tool.
 */
package io.o2pool.ocfs2.tool;
