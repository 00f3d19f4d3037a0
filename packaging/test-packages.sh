#!/bin/bash
# The package test of the Debian packages built by `./mvnw package` (packaging/*/target/*.deb):
#   1. lintian: no error (each override is explained in packaging/*/src/deb/data/lintian-overrides);
#   2. on a clean Debian 12 root (debootstrap minbase + systemd + adduser; no JDK), in a chroot: install; o2pool
#      --version; systemd-analyze verify of both units; the agent started as its unit starts it answers /health;
#      upgrade N -> N+1 keeps /var/lib/o2pool, the certificate fingerprint and a changed conffile; remove keeps the
#      state; purge removes it.
# N+1 is the same build repacked with a higher version (dpkg-deb -R / -b): what an upgrade exercises is dpkg and the
# maintainer scripts, whatever the payload.
# usage: packaging/test-packages.sh [--lintian-only]   (the root test needs root; O2POOL_DEB_WORK, O2POOL_DEB_MIRROR)
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=${O2POOL_DEB_WORK:-/var/tmp/o2pool-deb}
MIRROR=${O2POOL_DEB_MIRROR:-${O2POOL_KVM_MIRROR:-http://deb.debian.org/debian}}
SUITE=bookworm
# what a Debian 12 server has anyway (systemd, adduser, man-db: systemd-analyze verify opens the Documentation=
# man: pages); no Java
ROOT_PACKAGES=systemd,adduser,ca-certificates,man-db
ROOT_LAYOUT=1
passed=0 failed=0
t0=$(date +%s)
say() { printf '[package-test %ds] %s\n' $(( $(date +%s) - t0 )) "$*"; }
ok() { passed=$((passed + 1)); say "ok: $*"; }
fail() { failed=$((failed + 1)); say "FAILED: $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
finish() {
    echo "package-test: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

debs=()
for p in cli agent manager; do
    d=$(ls "$here/$p"/target/*.deb 2>/dev/null | head -1 || true)
    [ -n "$d" ] || { echo "package-test: no .deb in packaging/$p/target (run ./mvnw package first)" >&2; exit 2; }
    debs+=("$d")
done
cli_deb=${debs[0]} agent_deb=${debs[1]} manager_deb=${debs[2]}

# ---- 1. lintian -----------------------------------------------------------------------------------------------------
for d in "${debs[@]}"; do
    out=$(lintian --fail-on error --no-tag-display-limit "$d" 2>&1) && rc=0 || rc=$?
    printf '%s\n' "$out" | grep -E '^[EW]: ' || true
    check "lintian $(basename "$d"): no error" [ "$rc" -eq 0 ]
done
check "o2pool-agent: conffiles /etc/o2pool/agent.conf, /etc/default/o2pool-agent" \
    sh -c "dpkg-deb -I '$agent_deb' conffiles | sort | tr '\n' ' ' | grep -qx '/etc/default/o2pool-agent /etc/o2pool/agent.conf '"
check "o2pool-agent: Depends libc6 only, Recommends ocfs2-tools" \
    sh -c "dpkg-deb -f '$agent_deb' Depends | grep -qx 'libc6 (>= 2.17)' && dpkg-deb -f '$agent_deb' Recommends | grep -qx ocfs2-tools"
check "o2pool-manager: conffiles /etc/o2pool/manager.conf, /etc/default/o2pool-manager; Depends adduser" \
    sh -c "dpkg-deb -I '$manager_deb' conffiles | grep -qx /etc/o2pool/manager.conf && dpkg-deb -f '$manager_deb' Depends | grep -q adduser"
if [ "${1:-}" = --lintian-only ]; then finish; exit; fi
[ "$(id -u)" -eq 0 ] || { echo "package-test: the Debian 12 root test needs root (debootstrap, chroot)" >&2; finish; exit 1; }

# ---- 2. a clean Debian 12 root, cached -------------------------------------------------------------------------------
key=$(printf '%s\n' "$SUITE" "$ROOT_PACKAGES" "$ROOT_LAYOUT" | sha256sum | cut -c1-16)
cache="$WORK/root-$key"
mkdir -p "$WORK"
exec 9>"$WORK/.lock"
flock 9
if [ ! -f "$cache/.done" ]; then
    rm -rf "$cache"; mkdir -p "$cache"
    say "debootstrap $SUITE (minbase + $ROOT_PACKAGES) into $cache (once; cached)"
    debootstrap --variant=minbase --include="$ROOT_PACKAGES" "$SUITE" "$cache/rootfs" "$MIRROR" \
        > "$cache/debootstrap.log" 2>&1 || { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
    rm -rf "$cache"/rootfs/var/cache/apt/archives/*.deb "$cache"/rootfs/var/lib/apt/lists/*
    touch "$cache/.done"
    ls -dt "$WORK"/root-* | tail -n +3 | xargs -r rm -rf
fi
run="$WORK/run.$$"
R="$run/root"
agent_ns=
cleanup() {
    if [ -n "$agent_ns" ] && kill -0 "$agent_ns" 2>/dev/null; then stop_agent; fi
    rm -rf "$run"
}
trap cleanup EXIT
mkdir -p "$run"
cp -a "$cache/rootfs" "$R"
say "root copied from the cache"

# in_root CMD...: CMD in the root, with /proc and /dev mounted in a private mount namespace (gone with it)
in_root() {
    unshare --mount --propagation private -- sh -c '
        r=$1; shift
        mount -t proc proc "$r/proc" && mount --rbind /dev "$r/dev" || exit 125
        exec chroot "$r" "$@"' sh "$R" "$@"
}
check "the root has no Java (no java on PATH, no /usr/lib/jvm)" in_root sh -c '! command -v java && [ ! -e /usr/lib/jvm ]'

# N+1: the same packages repacked with a higher version
version=$(dpkg-deb -f "$agent_deb" Version)
next="$version+upgrade1"
mkdir -p "$run/next"
for d in "${debs[@]}"; do
    x="$run/next/x"; rm -rf "$x"; dpkg-deb -R "$d" "$x"
    sed -i "s/^Version: .*/Version: $next/" "$x/DEBIAN/control"
    dpkg-deb -Zgzip -b "$x" "$run/next/$(basename "${d%%_*}")_${next}_amd64.deb" >/dev/null
done
rm -rf "$run/next/x"
check "N+1 ($next) sorts after N ($version)" dpkg --compare-versions "$next" gt "$version"

cp "${debs[@]}" "$R/tmp/"
install_out=$(in_root dpkg -i /tmp/$(basename "$cli_deb") /tmp/$(basename "$agent_deb") /tmp/$(basename "$manager_deb") 2>&1) \
    && rc=0 || rc=$?
printf '%s\n' "$install_out" | sed 's/^/    dpkg: /' | grep -v 'Selecting\|Preparing\|Unpacking\|Reading database' || true
check "install: dpkg -i o2pool o2pool-agent o2pool-manager" [ "$rc" -eq 0 ]
check "install: postinst printed where the agent password is" grep -q 'agent password in /etc/o2pool/agent-password' <<< "$install_out"
check "install: /etc/o2pool/agent-password root 0600, 24 characters" \
    sh -c "[ \"\$(stat -c '%a %U' '$R/etc/o2pool/agent-password')\" = '600 root' ] && [ \"\$(head -1 '$R/etc/o2pool/agent-password' | tr -d '\n' | wc -c)\" -eq 24 ]"
perm=$(in_root stat -c '%a %U:%G' /etc/o2pool/admin-password)
check "install: /etc/o2pool/admin-password is 640 root:o2pool ($perm)" [ "$perm" = "640 root:o2pool" ]
check "install: both units enabled (multi-user.target.wants), none started" \
    sh -c "[ -L '$R/etc/systemd/system/multi-user.target.wants/o2pool-agent.service' ] && [ -L '$R/etc/systemd/system/multi-user.target.wants/o2pool-manager.service' ]"
v=$(in_root o2pool --version 2>&1 || true)
check "o2pool --version: '$v'" grep -qx "o2pool ${version%%~*}-SNAPSHOT\|o2pool ${version}" <<< "$v"
vout=$(in_root systemd-analyze verify /lib/systemd/system/o2pool-agent.service /lib/systemd/system/o2pool-manager.service 2>&1) \
    && rc=0 || rc=$?
printf '%s\n' "$vout" | sed 's/^/    systemd-analyze: /' | grep -v '^    systemd-analyze: $' || true
check "systemd-analyze verify o2pool-agent.service o2pool-manager.service" [ "$rc" -eq 0 ]
check "man pages: o2pool(1), o2pool-server-add(1), o2pool-agent(8), o2pool-manager(8)" \
    sh -c "for f in man1/o2pool.1.gz man1/o2pool-server-add.1.gz man8/o2pool-agent.8.gz man8/o2pool-manager.8.gz; do [ -s '$R/usr/share/man/'\$f ] || exit 1; done"

# start_agent: ExecStart of the installed unit, in the root, in a network namespace of its own (its 0.0.0.0:8899 is
# reachable only there), as systemd would start it: the unit's EnvironmentFile read first.
start_agent() {
    local exec_start
    exec_start=$(sed -n 's/^ExecStart=//p' "$R/lib/systemd/system/o2pool-agent.service")
    unshare --mount --propagation private --net --pid --fork --kill-child -- sh -c '
        r=$1; shift
        ip link set lo up && mount -t proc proc "$r/proc" && mount --rbind /dev "$r/dev" || exit 125
        exec chroot "$r" sh -c "set -a; [ -r /etc/default/o2pool-agent ] && . /etc/default/o2pool-agent; set +a; exec $*"
        ' sh "$R" "$exec_start" > "$run/agent.out" 2>&1 &
    agent_ns=$!
}
# stop_agent: SIGTERM to the agent, as systemd stops it (unshare --fork ignores SIGTERM itself: the agent is its
# child, PID 1 of the namespace; --kill-child ends it should unshare die first)
stop_agent() {
    local child
    child=$(cat "/proc/$agent_ns/task/$agent_ns/children" 2>/dev/null || true)
    [ -n "$child" ] && kill $child 2>/dev/null || true
    wait "$agent_ns" 2>/dev/null || true
    agent_ns=
}
# health: /health of the agent in its namespace; prints the JSON, fails while it does not answer
health() { nsenter --net="/proc/$agent_ns/ns/net" curl -sk --max-time 5 https://127.0.0.1:8899/health; }
await_health() {
    local i=0 out
    while [ $i -lt 180 ]; do
        out=$(health 2>/dev/null) && { printf '%s' "$out"; return 0; }
        kill -0 "$agent_ns" 2>/dev/null || break
        sleep 1; i=$((i + 1))
    done
    sed 's/^/    agent: /' "$run/agent.out" >&2
    return 1
}
fingerprint_of() { sed -n 's/.*"fingerprint" *: *"\([^"]*\)".*/\1/p'; }

start_agent
h1=$(await_health || true)
say "agent /health: $h1"
fp1=$(fingerprint_of <<< "$h1")
check "the agent started as its unit starts it answers /health with its fingerprint" [ -n "$fp1" ]
stop_agent
check "the agent's state is in /var/lib/o2pool/agent (0700): certificate and password hash" \
    sh -c "[ \"\$(stat -c %a '$R/var/lib/o2pool/agent')\" = 700 ] && ls '$R'/var/lib/o2pool/agent/tls/*.pem >/dev/null && [ -s '$R/var/lib/o2pool/agent/agent-password.hash' ]"
mout=$(in_root setpriv --reuid=o2pool --regid=o2pool --init-groups /usr/sbin/o2pool-manager --config /etc/o2pool/manager.conf --print-fingerprint 2>&1) \
    && rc=0 || rc=$?
check "o2pool-manager --config /etc/o2pool/manager.conf --print-fingerprint as user o2pool ($mout)" \
    sh -c "[ $rc -eq 0 ] && [ -s '$R/var/lib/o2pool/manager/tls/manager-cert.pem' ]"

# ---- upgrade N -> N+1 ------------------------------------------------------------------------------------------------
echo "# a local change, kept by the upgrade" >> "$R/etc/o2pool/agent.conf"
state_before=$(cd "$R/var/lib/o2pool" && find . -type f ! -path './agent/logs/*' -print0 | sort -z | xargs -0 sha256sum)
cp "$run"/next/*.deb "$R/tmp/"
up_out=$(in_root sh -c "dpkg -i /tmp/o2pool_${next}_amd64.deb /tmp/o2pool-agent_${next}_amd64.deb /tmp/o2pool-manager_${next}_amd64.deb" 2>&1) \
    && rc=0 || rc=$?
check "upgrade: dpkg -i N+1" [ "$rc" -eq 0 ]
check "upgrade: installed version is $next" sh -c "[ \"\$(chroot '$R' dpkg-query -W -f='\${Version}' o2pool-agent)\" = '$next' ]"
if grep -q 'generated' <<< "$up_out"; then fail "upgrade: a new password was generated"; else ok "upgrade: no new password generated"; fi
state_after=$(cd "$R/var/lib/o2pool" && find . -type f ! -path './agent/logs/*' -print0 | sort -z | xargs -0 sha256sum)
check "upgrade: /var/lib/o2pool unchanged (every file's SHA-256)" [ "$state_before" = "$state_after" ]
check "upgrade: the changed conffile /etc/o2pool/agent.conf kept" grep -q 'a local change, kept by the upgrade' "$R/etc/o2pool/agent.conf"
start_agent
h2=$(await_health || true)
fp2=$(fingerprint_of <<< "$h2")
check "upgrade: the agent answers /health with the same fingerprint ($fp2)" [ -n "$fp2" -a "$fp2" = "$fp1" ]
stop_agent

# ---- remove, purge -----------------------------------------------------------------------------------------------
rm_out=$(in_root dpkg -r o2pool-agent o2pool-manager o2pool 2>&1) && rc=0 || rc=$?
check "remove: dpkg -r" [ "$rc" -eq 0 ]
check "remove: the programs are gone (/usr/lib/o2pool-agent, /usr/sbin/o2pool-agent, /usr/bin/o2pool)" \
    sh -c "[ ! -e '$R/usr/lib/o2pool-agent' ] && [ ! -e '$R/usr/sbin/o2pool-agent' ] && [ ! -e '$R/usr/bin/o2pool' ]"
state_removed=$(cd "$R/var/lib/o2pool" && find . -type f ! -path './agent/logs/*' -print0 | sort -z | xargs -0 sha256sum)
check "remove: /var/lib/o2pool kept as it was" [ "$state_before" = "$state_removed" ]
check "remove: the conffiles and the password files kept" \
    sh -c "[ -f '$R/etc/o2pool/agent.conf' ] && [ -f '$R/etc/o2pool/agent-password' ] && [ -f '$R/etc/o2pool/admin-password' ]"
purge_out=$(in_root dpkg -P o2pool-agent o2pool-manager o2pool 2>&1) && rc=0 || rc=$?
check "purge: dpkg -P" [ "$rc" -eq 0 ]
check "purge: /var/lib/o2pool and /etc/o2pool removed" sh -c "[ ! -e '$R/var/lib/o2pool' ] && [ ! -e '$R/etc/o2pool' ]"
check "purge: no unit symlink left" sh -c "! find '$R/etc/systemd' -name 'o2pool-*' | grep -q ."
say "in $(( $(date +%s) - t0 )) s"
finish
