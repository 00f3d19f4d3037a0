#!/usr/bin/env bash
# Installs the Debian packages the tests use, only those missing. Needs root (CI runs as root) or sudo.
set -euo pipefail
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for pkg in ocfs2-tools; do
  have "$pkg" || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && { echo "test: Debian packages present (ocfs2-tools)"; exit 0; }
echo "test: installing ${need[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -o DPkg::Lock::Timeout=600 -qq || true
"${sudo_cmd[@]}" apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${need[@]}"
