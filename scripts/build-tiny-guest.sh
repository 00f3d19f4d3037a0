#!/usr/bin/env bash
# Builds o2pool's tiny test guest from Debian packages into a cache directory (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/o2pool/tiny-guest, or $1): vmlinuz (from linux-image-amd64's .deb), initrd.img
# (busybox-static, the virtio console modules and an /init that ticks), disk-template.img (4 MiB, raw) and VERSION.
# The guest boots under QEMU TCG in ~6 s with 96 MiB and
#   - prints "GUEST-READY up=<uptime>" then "TICK n up=<uptime>" every second on ttyS0,
#   - answers each line on the virtio-serial port org.o2pool.tick with "TICK n up=<uptime> q=<line>",
#   - powers off on the ACPI power button (virsh shutdown), printing "GUEST-ACPI-POWEROFF tick=n"
#     (kernel command line o2.noacpi: ignores it).
# Idempotent: does nothing when the cache holds a guest built by this script's version. Needs dpkg-deb, cpio, gzip,
# busybox-static (scripts/install-test-deps.sh installs them) and apt-get download (or a cached kernel .deb).
set -euo pipefail
SCRIPT_VERSION=1
out=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/o2pool/tiny-guest}
if [ -f "$out/VERSION" ] && [ "$(cat "$out/VERSION")" = "$SCRIPT_VERSION" ] \
   && [ -s "$out/vmlinuz" ] && [ -s "$out/initrd.img" ] && [ -f "$out/disk-template.img" ]; then
  echo "tiny guest: up to date in $out"; exit 0
fi
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/o2pool-tiny-guest.XXXXXX")
trap 'rm -rf "$work"' EXIT
busybox=/bin/busybox
if ! { [ -x "$busybox" ] && file -L "$busybox" 2>/dev/null | grep -q 'statically linked'; } \
   && ! { [ -x "$busybox" ] && ! ldd "$busybox" >/dev/null 2>&1; }; then
  echo "tiny guest: $busybox is missing or not static; install busybox-static (scripts/install-test-deps.sh)" >&2
  exit 1
fi

# 1. the kernel .deb: $O2POOL_KERNEL_DEB, a cached one from the QEMU tests, or apt-get download
deb=${O2POOL_KERNEL_DEB:-}
if [ -z "$deb" ]; then
  deb=$(ls "$out"/linux-image-6*-amd64_*.deb /var/tmp/o2pool-kvm/*/cache/linux-image-6*-amd64_*.deb 2>/dev/null | head -1 || true)
fi
if [ -z "$deb" ]; then
  pkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
  [ -n "$pkg" ] || { echo "tiny guest: apt-cache knows no linux-image-amd64; run apt-get update" >&2; exit 1; }
  (cd "$out" && apt-get download "$pkg" >/dev/null)
  deb=$(ls "$out"/linux-image-6*-amd64_*.deb | head -1)
fi
dpkg-deb -x "$deb" "$work/k"
cp "$(ls "$work"/k/boot/vmlinuz-* | head -1)" "$work/vmlinuz"

# 2. the initramfs: busybox, the modules in load order, /init
modules="virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_console button evdev"
root=$work/root
mkdir -p "$root"/{bin,proc,sys,dev,run,lib/modules}
cp "$busybox" "$root/bin/busybox"
for m in $modules; do
  f=$(find "$work/k/lib/modules" -name "$m.ko" -o -name "$m.ko.xz" | head -1)
  [ -n "$f" ] || { echo "tiny guest: module $m not in $deb" >&2; exit 1; }
  case $f in *.xz) xz -dc "$f" > "$root/lib/modules/$m.ko" ;; *) cp "$f" "$root/lib/modules/$m.ko" ;; esac
done
cat > "$root/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in $modules; do insmod /lib/modules/\$m.ko 2>/dev/null; done
echo 0 > /run/tick
echo "GUEST-READY up=\$(cut -d' ' -f1 /proc/uptime)"
# the ACPI power button (virsh shutdown) powers off, unless the command line says o2.noacpi
for e in /sys/class/input/event*; do
  grep -q o2.noacpi /proc/cmdline && break
  if grep -q 'Power Button' "\$e/device/name" 2>/dev/null; then
    ( d=/dev/input/\${e##*/}; while [ ! -c \$d ]; do sleep 0.2; done
      dd if=\$d bs=24 count=1 >/dev/null 2>&1 && { echo "GUEST-ACPI-POWEROFF tick=\$(cat /run/tick)"; sync; poweroff -f; } ) &
  fi
done
# the virtio-serial port org.o2pool.tick answers each line with the tick (one fd, read-write: the port opens once)
for p in /sys/class/virtio-ports/*; do
  if [ "\$(cat \$p/name 2>/dev/null)" = org.o2pool.tick ]; then
    ( d=/dev/\${p##*/}; while [ ! -c \$d ]; do sleep 0.2; done
      while :; do
        while read -r q <&3; do echo "TICK \$(cat /run/tick) up=\$(cut -d' ' -f1 /proc/uptime) q=\$q" >&3; done 3<>\$d
        sleep 1
      done ) &
  fi
done
i=0
while :; do
  i=\$((i+1)); echo \$i > /run/tick
  echo "TICK \$i up=\$(cut -d' ' -f1 /proc/uptime)"
  sleep 1
done
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initrd.img"
truncate -s 4M "$work/disk-template.img"

# 3. into the cache, each file atomically
for f in vmlinuz initrd.img disk-template.img; do
  cp "$work/$f" "$out/.$f.tmp" && mv -f "$out/.$f.tmp" "$out/$f"
done
chmod 644 "$out"/vmlinuz "$out"/initrd.img "$out"/disk-template.img
echo "$SCRIPT_VERSION" > "$out/VERSION"
echo "tiny guest: built in $out ($(du -sh "$out/initrd.img" | cut -f1) initramfs, kernel from ${deb##*/})"
