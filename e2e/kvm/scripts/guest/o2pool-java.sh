#!/bin/sh
# Runs a class of the installed o2pool-agent package (e.g. io.o2pool.cluster.run.ClusterRunner, a userspace O2CB node)
# on the package's runtime and class path, with the agent's JVM options from /etc/default/o2pool-agent (the same
# options and class path as the agent: its AOT cache serves these classes too).
[ -r /etc/default/o2pool-agent ] && . /etc/default/o2pool-agent
exec /usr/lib/o2pool-agent/java/bin/java @/usr/lib/o2pool-agent/jvm.args ${O2POOL_JAVA_OPTS:-} "$@"
