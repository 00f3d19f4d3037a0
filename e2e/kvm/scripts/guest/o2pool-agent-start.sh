#!/bin/sh
# Starts the o2pool agent in the background (kernel stack, state in /var/lib/o2pool-agent, password from
# /etc/o2pool/agent-password) with any extra agent options, and waits until it listens: prints the agent's
# "certificate SHA-256 fingerprint: ..." line, or its log and exit 1 when it dies or takes longer than $WAIT s.
WAIT=${WAIT:-240}
LOG=/var/log/o2pool-agent.out
if [ -f /run/o2pool-agent.pid ] && kill -0 "$(cat /run/o2pool-agent.pid)" 2>/dev/null; then
    echo "the agent already runs as pid $(cat /run/o2pool-agent.pid)" >&2; exit 1
fi
mkdir -p /var/lib/o2pool-agent
: > "$LOG"
# C1 only and the serial GC: under TCG every compiled byte is emulated; the agent serves a handful of requests
# (the options live in agent-jvm.args; the AOT cache, trained at build time, is valid only with them)
AOT=
[ -f /opt/o2pool/agent.aot ] && AOT=-XX:AOTCache=/opt/o2pool/agent.aot
setsid /opt/o2pool/java/bin/java @/opt/o2pool/agent-jvm.args $AOT io.o2pool.agent.AgentMain \
    --stack kernel --vm-driver process --state-dir /var/lib/o2pool-agent \
    --password-file /etc/o2pool/agent-password --password-iterations 1000 "$@" > "$LOG" 2>&1 < /dev/null &
pid=$!
echo "$pid" > /run/o2pool-agent.pid
i=0
while [ $i -lt $((WAIT * 5)) ]; do
    if grep -q 'certificate SHA-256 fingerprint:' "$LOG"; then
        grep 'certificate SHA-256 fingerprint:' "$LOG"
        exit 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "the agent exited:"; cat "$LOG"; exit 1; }
    sleep 0.2; i=$((i + 1))
done
echo "the agent did not start within $WAIT s:"; cat "$LOG"; exit 1
