/**
 * Test support shared by every module's tests: a fake clock and scheduler that tests advance by hand, a runner for
 * real external programs (ocfs2-tools) with captured output, paths to the shared reference material (the kernel's
 * o2hb captures among them), loop block devices for direct-I/O tests, child JVMs started from the test classpath,
 * JSON over HTTP, and the browser harness.
 * It depends on no other o2pool module so that every module, {@code ocfs2} included, can use it in test scope. The
 * multi-node harness on the cluster stack needs {@code cluster} and is therefore its own artifact,
 * {@code o2pool-testkit-cluster} ({@code io.o2pool.testkit.cluster}, in {@code testkit/cluster}); its package-info
 * explains the split.
 */
package io.o2pool.testkit;
