#!/bin/sh
# Starts the agent installed by the o2pool-agent package as its systemd unit would (the guest runs no systemd): the
# unit's EnvironmentFile read, its StateDirectory made (0700), its ExecStart run in the background with any extra
# agent options after it (the command line wins over /etc/o2pool/agent.conf), stdout and stderr to
# /var/log/o2pool-agent.out (the journal's stand-in). Waits until the agent listens: prints its "certificate SHA-256
# fingerprint: ..." line, or its log and exit 1 when it dies or takes longer than $WAIT s.
WAIT=${WAIT:-240}
UNIT=/lib/systemd/system/o2pool-agent.service
LOG=/var/log/o2pool-agent.out
if [ -f /run/o2pool-agent.pid ] && kill -0 "$(cat /run/o2pool-agent.pid)" 2>/dev/null; then
    echo "the agent already runs as pid $(cat /run/o2pool-agent.pid)" >&2; exit 1
fi
[ -f "$UNIT" ] || { echo "no $UNIT: the o2pool-agent package is not installed" >&2; exit 1; }
unit_value() { sed -n "s/^$1=//p" "$UNIT" | tail -1; }
exec_start=$(unit_value ExecStart)
env_file=$(unit_value EnvironmentFile)
state_dir=$(unit_value StateDirectory)
mode=$(unit_value StateDirectoryMode)
[ -n "$exec_start" ] || { echo "$UNIT has no ExecStart" >&2; exit 1; }
# EnvironmentFile=-FILE: the leading '-' means "if it exists"
env_file=${env_file#-}
if [ -n "$env_file" ] && [ -r "$env_file" ]; then
    set -a; . "$env_file"; set +a
fi
[ -n "$state_dir" ] && mkdir -p -m "${mode:-0755}" "/var/lib/$state_dir"
: > "$LOG"
umask "$(unit_value UMask || echo 0022)"
# ExecStart word-split as systemd does for a line without quotes
setsid $exec_start "$@" > "$LOG" 2>&1 < /dev/null &
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
