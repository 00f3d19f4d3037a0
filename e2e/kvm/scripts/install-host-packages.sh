#!/bin/bash
# Installs the host programs the KVM e2e tests need when one is missing: QEMU (TCG is enough), debootstrap and cpio
# (to build the guest), vde2 (the guests' switch), curl (to train the agent's AOT cache). Exit 0 when all are present afterwards.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
missing=
for p in qemu-system-x86_64:qemu-system-x86 debootstrap:debootstrap cpio:cpio vde_switch:vde2 flock:util-linux depmod:kmod curl:curl; do
    command -v "${p%%:*}" >/dev/null || missing="$missing ${p#*:}"
done
[ -z "$missing" ] && exit 0
echo "install-host-packages: apt-get install$missing" >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=600 --no-install-recommends $missing >/dev/null \
    || { DEBIAN_FRONTEND=noninteractive apt-get update -o DPkg::Lock::Timeout=600 >/dev/null \
         && DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=600 --no-install-recommends $missing >/dev/null; }
