#!/usr/bin/env bash
# Installs what the tests need from Debian's packages (only what is missing) and starts a throwaway
# PostgreSQL role/database for the manager's PostgreSQL tests. Needs root (CI runs as root) or sudo.
# Prints the environment the tests read (O2POOL_TEST_PG_*) to the file given as $1.
set -euo pipefail
env_out=${1:-/dev/null}
# curl, openssl: the manager's TLS test checks its certificate with them as an operator would.
# kmod: mkfs.ocfs2 of a cluster-mode volume forks /sbin/modprobe, and without it the forked child goes on formatting
# too (ocfs2-tools 1.8.7 does not _exit after a failed exec), so two mkfs runs race and one asks to overwrite.
# libvirt-daemon, libvirt-daemon-driver-qemu, libvirt-clients, qemu-system-x86: the VM tests run one session-mode
# libvirtd per simulated server (testkit LibvirtInstance) with tiny TCG guests; tini reaps the QEMUs libvirt
# double-forks (PID 1 here reaps orphans only every ~2 s); busybox-static, cpio: scripts/build-tiny-guest.sh.
# No systemd here: nothing starts by itself, the tests start what they use.
# lintian, debootstrap, dpkg-dev, binutils, util-linux: the package test of the .debs (packaging/test-packages.sh;
# binutils' strip also runs in the packages' build)
packages=(ocfs2-tools kmod chromium chromium-driver postgresql iproute2 nftables patch curl openssl
  libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86 tini busybox-static cpio
  lintian debootstrap dpkg-dev binutils util-linux)
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for pkg in "${packages[@]}"; do have "$pkg" || need+=("$pkg"); done
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
if [ ${#need[@]} -gt 0 ]; then
  echo "test: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -o DPkg::Lock::Timeout=600 -qq || true
  "${sudo_cmd[@]}" apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${need[@]}" >/dev/null
else
  echo "test: Debian packages present (${packages[*]})"
fi

# the unprivileged user the tests' libvirt instances run as (a root libvirtd uses fixed system paths, so two would
# share their domains); QEMU runs as this user too
if ! id -u o2pvirt >/dev/null 2>&1; then
  "${sudo_cmd[@]}" useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin o2pvirt
  echo "test: created the system user o2pvirt for the libvirt test instances"
fi
# the tiny TCG test guest, built once from Debian packages into the cache
"$(dirname "$0")/build-tiny-guest.sh" >/dev/null && echo "test: tiny test guest in ${XDG_CACHE_HOME:-$HOME/.cache}/o2pool/tiny-guest"

# PostgreSQL: start the distribution's cluster and make sure the test role and database exist.
pg_version=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
if [ -n "$pg_version" ] && command -v pg_ctlcluster >/dev/null; then
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$pg_version main$"; then
    "${sudo_cmd[@]}" pg_createcluster "$pg_version" main >/dev/null
  fi
  "${sudo_cmd[@]}" pg_ctlcluster "$pg_version" main start 2>/dev/null || true
  port=$(pg_lsclusters -h | awk -v v="$pg_version" '$1==v && $2=="main" {print $3}')
  psql_as_postgres() { "${sudo_cmd[@]}" su postgres -c "psql -p $port -qtA -v ON_ERROR_STOP=1 -c \"$1\""; }
  for _ in $(seq 1 30); do psql_as_postgres "select 1" >/dev/null 2>&1 && break; sleep 1; done
  if [ "$(psql_as_postgres "select 1 from pg_roles where rolname='o2pool_test'")" != 1 ]; then
    psql_as_postgres "create role o2pool_test login password 'o2pool_test'" >/dev/null
  fi
  if [ "$(psql_as_postgres "select 1 from pg_database where datname='o2pool_test'")" != 1 ]; then
    psql_as_postgres "create database o2pool_test owner o2pool_test" >/dev/null
  fi
  {
    echo "export O2POOL_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$port/o2pool_test"
    echo "export O2POOL_TEST_PG_USER=o2pool_test"
    echo "export O2POOL_TEST_PG_PASSWORD=o2pool_test"
  } > "$env_out"
  echo "test: PostgreSQL $pg_version on 127.0.0.1:$port, database o2pool_test"
else
  echo "test: PostgreSQL is not available; the PostgreSQL tests will fail" >&2
fi
