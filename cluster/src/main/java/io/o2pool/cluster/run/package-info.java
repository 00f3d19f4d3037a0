/**
 * Entry points: {@code o2pool cluster run} ({@link io.o2pool.cluster.run.ClusterRunner}), {@code o2pool cluster region}
 * ({@link io.o2pool.cluster.run.RegionCommand}) and the factory of real nodes.
 */
package io.o2pool.cluster.run;
