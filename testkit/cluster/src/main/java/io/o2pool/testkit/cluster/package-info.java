/**
 * The multi-node harness on the cluster stack, shared by every module's tests above {@code cluster} (like
 * {@code curator-test}): {@link io.o2pool.testkit.cluster.LocalPool} runs real {@code ClusterNode}s in process on
 * {@link io.o2pool.testkit.cluster.FakeTime}, a shared {@link io.o2pool.testkit.cluster.MemoryRegion} and a
 * {@link io.o2pool.testkit.cluster.MemoryNetwork}, with faults as calls: partition and heal, crash (kill -9), a node's
 * disk writes hanging (stall) or failing with EIO.
 *
 * <h2>Why a module of its own, and why the cluster stack's scenario tests live here</h2>
 * Maven refuses a dependency cycle at any scope, test scope included. The harness implements the stack's interfaces
 * ({@code ClusterTime}, {@code RegionStore}, {@code RegionIo}, {@code Transport}), so it must depend on
 * {@code o2pool-cluster}; the base {@code o2pool-testkit} cannot hold it, because {@code ocfs2} (and through it
 * {@code cluster}) uses the base testkit in its tests: testkit → cluster → ocfs2 → testkit would be a cycle. So the
 * kit is two artifacts: {@code o2pool-testkit}, which depends on no o2pool module (fake clock and scheduler, program
 * runner, shared reference files, loop devices, child JVMs, JSON over HTTP, the browser harness), and this
 * {@code o2pool-testkit-cluster}, which depends on {@code o2pool-cluster} and the base testkit.
 * <p>
 * For the same reason {@code cluster} cannot use this module in its own tests (cluster → testkit-cluster → cluster).
 * The tests that run the stack on the harness — the {@code *ScenarioTest} timelines, {@code O2NetMessagesTest},
 * {@code Ocfs2ImageHeartbeatTest} — therefore live in this module's {@code src/test}, in the stack's own packages
 * ({@code io.o2pool.cluster...}), so they keep package-private access on the class path; the cluster module keeps its
 * unit tests of single classes. Rejected alternatives: the harness in {@code cluster/src/test} published as a
 * {@code test-jar} (every consumer would get all of the cluster's test classes, would have to redeclare the
 * harness's own test-scope dependencies, and builds with {@code -Dmaven.test.skip} would break), or in
 * {@code cluster}'s main code (test code shipped in the daemon).
 * <p>
 * The manager's scripted fake agent ({@code FakeAgent}, {@code FakeFleet}) stays in the manager's tests: it implements
 * the manager's own interfaces ({@code AgentGateway}, {@code AgentConnector}), and no other module copies it.
 */
package io.o2pool.testkit.cluster;
