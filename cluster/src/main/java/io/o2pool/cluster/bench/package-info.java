/**
 * The cluster benchmark ({@link io.o2pool.cluster.bench.ClusterBench}): detection latency, footprint per node,
 * write latency and false deaths under load, with real nodes on loopback addresses.
 */
package io.o2pool.cluster.bench;
