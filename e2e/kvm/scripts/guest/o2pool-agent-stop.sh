#!/bin/sh
# Stops the agent started by o2pool-agent-start (SIGTERM, then SIGKILL after 30 s); the kernel stack stays as it is.
[ -f /run/o2pool-agent.pid ] || exit 0
pid=$(cat /run/o2pool-agent.pid)
kill "$pid" 2>/dev/null || { rm -f /run/o2pool-agent.pid; exit 0; }
i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.2; i=$((i + 1)); done
kill -9 "$pid" 2>/dev/null
rm -f /run/o2pool-agent.pid
