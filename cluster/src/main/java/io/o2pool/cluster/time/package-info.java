/**
 * The one clock and scheduler seam of the cluster stack ({@link io.o2pool.cluster.time.ClusterTime}) and its real
 * implementation on the monotonic clock; the fake one for tests is built on the testkit's {@code FakeScheduler}.
 */
package io.o2pool.cluster.time;
